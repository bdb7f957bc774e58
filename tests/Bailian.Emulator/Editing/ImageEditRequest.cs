using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Bailian.Emulator.Generation;
using Bailian.Emulator.Inputs;
using Bailian.Emulator.Tasks;

namespace Bailian.Emulator.Editing;

/// <summary>
/// wanx2.1-imageedit's input (API doc §3.2): <c>input.function</c>, <c>input.prompt</c>, <c>input.base_image_url</c>
/// and, for <c>description_edit_with_mask</c> only, <c>input.mask_image_url</c> of the base image's size.
/// </summary>
internal static class ImageEditRequest
{
    public static ApiError? Read(
        JsonObject input, JsonNode? parametersNode, ModelRule model, RequestScope scope, InputImageReader inputs, out TaskWork? work)
    {
        work = null;
        if (ReadFunction(input, out var function) is { } functionError)
        {
            return functionError;
        }

        if (ImageToImageRequest.ReadPrompt(input, model, out var prompt) is { } promptError)
        {
            return promptError;
        }

        if (ReadReferences(input, function!, out var baseReference, out var maskReference) is { } referenceError)
        {
            return referenceError;
        }

        if (GenerationParameters.Read(parametersNode, model, out var parameters) is { } parameterError)
        {
            return parameterError;
        }

        if (EditFunctionParameters.Read(parametersNode, function!, out var functionParameters) is { } functionParameterError)
        {
            return functionParameterError;
        }

        if (inputs.Read(baseReference, "base image", model.Inputs, model.Name, scope, out var baseImage) is { } baseError)
        {
            return baseError;
        }

        List<InputImage> images = [baseImage!];
        if (maskReference is not null)
        {
            if (inputs.Read(maskReference, "mask image", model.Inputs, model.Name, scope, out var mask) is { } maskError)
            {
                return maskError;
            }

            if (mask!.Header.Width != baseImage!.Header.Width || mask.Header.Height != baseImage.Header.Height)
            {
                return ApiError.InvalidParameter(
                    $"The mask image size {mask.Header} does not match the base image size {baseImage.Header}; they must be the same.");
            }

            images.Add(mask);
        }

        // No prompt_extend here: the results show no rewritten prompt.
        var size = functionParameters!.OutputSize(function!, baseImage!.Header);
        work = new TaskWork(TaskProtocol.Old, model.Name, prompt, size, parameters.Count, parameters.Seed, PromptExtend: false)
        {
            InputHash = InputFingerprint.Of(images, functionParameters.Describe(function!)),
        };
        return null;
    }

    private static ApiError? ReadFunction(JsonObject input, out EditFunction? function)
    {
        function = null;
        var names = string.Join(", ", EditFunctions.All.Select(f => f.Name));
        if (JsonFields.StringOf(input["function"]) is not { Length: > 0 } name)
        {
            return ApiError.InvalidParameter($"input.function is required; it must be one of: {names}.");
        }

        function = EditFunctions.Find(name);
        return function is null ? ApiError.InvalidParameter($"The function {name} is not supported; it must be one of: {names}.") : null;
    }

    private static ApiError? ReadReferences(JsonObject input, EditFunction function, out string baseReference, out string? maskReference)
    {
        baseReference = string.Empty;
        maskReference = null;
        if (input["base_image_url"] is null)
        {
            return ApiError.InvalidParameter("input.base_image_url is required");
        }

        if (JsonFields.StringOf(input["base_image_url"]) is not { } baseText)
        {
            return InputErrors.NotAUrl;
        }

        baseReference = baseText;
        var mask = input["mask_image_url"];
        if (function.NeedsMask && mask is null)
        {
            return ApiError.InvalidParameter($"input.mask_image_url is required for the function {function.Name}.");
        }

        if (!function.NeedsMask && mask is not null)
        {
            return ApiError.InvalidParameter($"The parameter mask_image_url is not supported by the function {function.Name}.");
        }

        if (mask is not null && (maskReference = JsonFields.StringOf(mask)) is null)
        {
            return InputErrors.NotAUrl;
        }

        return null;
    }
}
