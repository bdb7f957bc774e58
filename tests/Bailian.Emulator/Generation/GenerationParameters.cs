using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Generation;

/// <summary>
/// The <c>parameters</c> object, the same on the sync, the new async and the old async bodies (API doc §2.1, §3.1),
/// with the model's defaults applied.
/// </summary>
/// <param name="Size">The output size.</param>
/// <param name="Count">How many images to make.</param>
/// <param name="Seed">The seed sent, or a random one picked now.</param>
/// <param name="NegativePrompt"><c>parameters.negative_prompt</c>, not yet truncated; null when absent.</param>
/// <param name="PromptExtend">Whether the service rewrites the prompt (default true; false where the model refuses the parameter).</param>
/// <param name="SizeIsExact">Whether <paramref name="Size"/> was sent as <c>W*H</c>; a default or named size may follow the inputs' ratio.</param>
internal readonly record struct GenerationParameters(ImageSize Size, int Count, long Seed, string? NegativePrompt, bool PromptExtend, bool SizeIsExact)
{
    public const long MaxSeed = int.MaxValue;

    /// <summary>The model-specific parameters (API doc §2.1), read and checked as far as they go without the inputs.</summary>
    public OptionValues Options { get; init; } = OptionValues.None;

    /// <summary>Checks <paramref name="node"/> against <paramref name="model"/>; returns the first problem found, or null.</summary>
    public static ApiError? Read(JsonNode? node, ModelRule model, out GenerationParameters parameters)
    {
        var extendable = !model.UnsupportedParameters.Contains("prompt_extend");
        parameters = new GenerationParameters(
            model.Size.Default, model.Count.Default, RandomNumberGenerator.GetInt32(int.MaxValue), null, extendable, SizeIsExact: false);
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject values)
        {
            return ApiError.InvalidParameter("The parameters field must be an object.");
        }

        if (model.UnsupportedParameters.FirstOrDefault(values.ContainsKey) is { } unsupported)
        {
            return ApiError.InvalidParameter($"The parameter {unsupported} is not supported by the model {model.Name}.");
        }

        if (OptionValues.Read(values, model, out var options) is { } optionError)
        {
            return optionError;
        }

        var size = model.Size.Default;
        var exact = false;
        if (values["size"] is { } sizeNode)
        {
            var named = false;
            if (JsonFields.StringOf(sizeNode) is not { } text
                || !((named = model.Size.TryResolveName(text, out size)) || (exact = ImageSize.TryParse(text, out size))))
            {
                return ApiError.InvalidParameter("The size must be a string W*H with positive integers, e.g. 1328*1328.");
            }

            // A named size is the model's own (wan2.7-image-pro's 4K lies past its W*H range).
            if (!named && model.Size.Reject(size) is { } sizeError)
            {
                return ApiError.InvalidParameter(sizeError);
            }
        }

        var count = options.CountRule(model).Default;
        if (values["n"] is { } countNode)
        {
            if (!JsonFields.TryGetInteger(countNode, out var n))
            {
                return ApiError.InvalidParameter("The parameter n must be an integer.");
            }

            var rule = options.CountRule(model);
            if (n < rule.Min || n > rule.Max)
            {
                return ApiError.InvalidParameter(rule.Reject);
            }

            count = (int)n;
        }

        var seed = parameters.Seed;
        if (values["seed"] is { } seedNode)
        {
            if (!JsonFields.TryGetInteger(seedNode, out seed) || seed < 0 || seed > MaxSeed)
            {
                return ApiError.InvalidParameter("The parameter seed must be an integer between 0 and 2147483647.");
            }
        }

        string? negative = null;
        if (values["negative_prompt"] is { } negativeNode && (negative = JsonFields.StringOf(negativeNode)) is null)
        {
            return ApiError.InvalidParameter("The parameter negative_prompt must be a string.");
        }

        foreach (var flag in (string[])["prompt_extend", "watermark"])
        {
            if (values[flag] is { } flagNode && flagNode.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                return ApiError.InvalidParameter($"The parameter {flag} must be a boolean.");
            }
        }

        var promptExtend = extendable && values["prompt_extend"]?.GetValueKind() != JsonValueKind.False;
        parameters = new GenerationParameters(size, count, seed, negative, promptExtend, exact) { Options = options };
        return null;
    }
}
