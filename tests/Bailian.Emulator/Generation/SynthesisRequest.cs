using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Generation;

/// <summary>
/// A validated old-protocol text-to-image body (API doc §3.1): <c>input.prompt</c> and <c>input.negative_prompt</c>
/// instead of messages, with every default applied.
/// </summary>
/// <param name="Model">The model's rules.</param>
/// <param name="Prompt">The prompt, truncated to the model's limit.</param>
/// <param name="NegativePrompt">The negative prompt, truncated likewise; null when absent.</param>
/// <param name="Parameters">Size, count, seed and prompt extension.</param>
internal sealed record SynthesisRequest(ModelRule Model, string Prompt, string? NegativePrompt, GenerationParameters Parameters)
{
    /// <summary>Checks <paramref name="body"/>, step by step in a fixed order; returns the first problem found, or null.</summary>
    public static ApiError? Read(string body, string regionId, out SynthesisRequest? request)
    {
        request = null;
        if (JsonRequest.ParseObject(body) is not { } root)
        {
            return ApiError.InvalidBody;
        }

        if (JsonFields.StringOf(root["model"]) is not { Length: > 0 } modelName)
        {
            return ApiError.EmptyModel;
        }

        if (AsyncModels.ResolveSynthesis(modelName, regionId, out var modelError) is not { } model)
        {
            return modelError;
        }

        if (root["input"] is not JsonObject input)
        {
            return ApiError.EmptyInput;
        }

        // The SDKs refuse a missing prompt before sending (API doc §8.1); the service's own check says the same.
        if (JsonFields.StringOf(input["prompt"]) is not { } prompt || string.IsNullOrWhiteSpace(prompt))
        {
            return ApiError.InvalidParameter("input.prompt is required");
        }

        string? negative = null;
        if (input["negative_prompt"] is { } negativeNode && (negative = JsonFields.StringOf(negativeNode)) is null)
        {
            return ApiError.InvalidParameter("The field input.negative_prompt must be a string.");
        }

        if (GenerationParameters.Read(root["parameters"], model, out var parameters) is { } parameterError)
        {
            return parameterError;
        }

        // The Java SDK sends negative_prompt in both places (API doc §8.2); input wins.
        negative ??= parameters.NegativePrompt;
        request = new SynthesisRequest(
            model,
            PromptText.Truncate(prompt, model.MaxPromptChars),
            negative is null ? null : PromptText.Truncate(negative, model.MaxNegativePromptChars),
            parameters);
        return null;
    }
}
