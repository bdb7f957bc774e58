using System.Globalization;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Bailian.Emulator.Generation;
using Bailian.Emulator.Inputs;
using Bailian.Emulator.Tasks;

namespace Bailian.Emulator.Editing;

/// <summary>
/// wan2.5-i2i-preview's input (API doc §5.8): <c>input.prompt</c>, <c>input.negative_prompt</c> and 1–3
/// <c>input.images</c>, with the text-to-image parameters; the default size keeps the last image's ratio.
/// </summary>
internal static class ReferenceImagesRequest
{
    public static ApiError? Read(
        JsonObject input, JsonNode? parametersNode, ModelRule model, RequestScope scope, InputImageReader inputs, out TaskWork? work)
    {
        work = null;
        if (ImageToImageRequest.ReadPrompt(input, model, out var prompt) is { } promptError)
        {
            return promptError;
        }

        if (input["negative_prompt"] is { } negative && JsonFields.StringOf(negative) is null)
        {
            return ApiError.InvalidParameter("The field input.negative_prompt must be a string.");
        }

        if (ReadReferences(input, model, out var references) is { } referenceError)
        {
            return referenceError;
        }

        if (GenerationParameters.Read(parametersNode, model, out var parameters) is { } parameterError)
        {
            return parameterError;
        }

        if (inputs.ReadAll(references, ImageLabel, model.Inputs, model.Name, scope, out var images) is { } imageError)
        {
            return imageError;
        }

        var size = EditSizes.Output(model, parameters.Size, parameters.SizeIsExact, images[^1]);
        work = new TaskWork(TaskProtocol.Old, model.Name, prompt, size, parameters.Count, parameters.Seed, parameters.PromptExtend)
        {
            InputHash = InputFingerprint.Of(images),
        };
        return null;
    }

    private static ApiError? ReadReferences(JsonObject input, ModelRule model, out List<string> references)
    {
        references = [];
        if (input["images"] is not JsonArray images)
        {
            return ApiError.InvalidParameter("The field input.images is required and must be an array of image URLs.");
        }

        if (images.Count < model.MinImages || images.Count > model.MaxImages)
        {
            return ApiError.InvalidParameter(string.Create(
                CultureInfo.InvariantCulture, $"The model {model.Name} takes {model.MinImages} to {model.MaxImages} input images."));
        }

        foreach (var image in images)
        {
            if (JsonFields.StringOf(image) is not { } reference)
            {
                return InputErrors.NotAUrl;
            }

            references.Add(reference);
        }

        return null;
    }

    private static string ImageLabel(int index) => string.Create(CultureInfo.InvariantCulture, $"image input.images[{index}]");
}
