using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Bailian.Emulator.Generation;
using Bailian.Emulator.Inputs;
using Bailian.Emulator.Tasks;

namespace Bailian.Emulator.Editing;

/// <summary>
/// An old-protocol image-to-image body (API doc §3.2): the steps every model shares, then its family's own input
/// (reference images, or a function applied to a base image). Images are read at creation, so a bad one is a 400
/// of the create call rather than a failed task.
/// </summary>
internal static class ImageToImageRequest
{
    /// <summary>Checks <paramref name="body"/> and reads its images; returns the first problem, or null and the task's work.</summary>
    public static ApiError? Read(string body, RequestScope scope, InputImageReader inputs, out TaskWork? work)
    {
        work = null;
        if (JsonRequest.ParseObject(body) is not { } root)
        {
            return ApiError.InvalidBody;
        }

        if (JsonFields.StringOf(root["model"]) is not { Length: > 0 } modelName)
        {
            return ApiError.EmptyModel;
        }

        if (AsyncModels.ResolveImageToImage(modelName, scope.RegionId, out var modelError) is not { } model)
        {
            return modelError;
        }

        if (root["input"] is not JsonObject input)
        {
            return ApiError.EmptyInput;
        }

        return model.FunctionEdit
            ? ImageEditRequest.Read(input, root["parameters"], model, scope, inputs, out work)
            : ReferenceImagesRequest.Read(input, root["parameters"], model, scope, inputs, out work);
    }

    /// <summary><c>input.prompt</c>, required as on text-to-image (API doc §8.1), truncated to the model's limit.</summary>
    public static ApiError? ReadPrompt(JsonObject input, ModelRule model, out string prompt)
    {
        prompt = string.Empty;
        if (JsonFields.StringOf(input["prompt"]) is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return ApiError.InvalidParameter("input.prompt is required");
        }

        prompt = PromptText.Truncate(text, model.MaxPromptChars);
        return null;
    }
}
