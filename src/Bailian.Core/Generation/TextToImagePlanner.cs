using System.Collections.Generic;
using Bailian.Catalog;
using Bailian.Connection;

namespace Bailian.Generation;

/// <summary>
/// Checks a text-to-image request against the model catalog and builds its body. Everything it
/// rejects is rejected before any request is sent, so nothing is billed for a mistake.
/// </summary>
public static class TextToImagePlanner
{
    public const long MaxSeed = 2147483647;

    public static PreparedGeneration Prepare(TextToImageRequest request, ModelCatalog catalog)
    {
        var modelName = string.IsNullOrWhiteSpace(request.Model) ? TextToImageRequest.DefaultModel : request.Model.Trim();
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new BailianValidationException("Bailian.EmptyPrompt", "The prompt is empty: give -Prompt, or a Prompt column in the input.");
        }

        var warnings = new List<string>();
        catalog.TryGet(modelName, out var model);
        var protocol = ChooseProtocol(request.Async, model, modelName);
        if (model is null)
        {
            warnings.Add($"Model '{modelName}' is not in Bailian's catalog: sending it as given to {protocol.Path()}, " +
                         "without local checks of size, count or prompt length.");
        }

        CheckLength("Prompt", request.Prompt, model?.MaxPromptLength, modelName, "Bailian.PromptTooLong");
        CheckLength("NegativePrompt", request.NegativePrompt, model?.MaxNegativePromptLength, modelName, "Bailian.NegativePromptTooLong");
        var size = ParseSize(request.Size, model, modelName);
        var count = CheckCount(request.Count, model, modelName);
        CheckSeed(request.Seed);
        return new PreparedGeneration(request, model, model?.Name ?? modelName, protocol, count, size, warnings);
    }

    // Without -Async a model's default endpoint is used; an async-only model is then waited on for the caller.
    // An unknown model goes to the synchronous endpoint, or with -Async to the newer task endpoint.
    private static ApiProtocol ChooseProtocol(bool async, ModelInfo? model, string modelName)
    {
        if (model is null)
        {
            return async ? ApiProtocol.ImageGeneration : ApiProtocol.MultimodalGeneration;
        }

        if (!async)
        {
            return model.Protocol;
        }

        return model.AsyncProtocol ?? throw new BailianValidationException("Bailian.NoAsyncEndpoint",
            $"{modelName} has no asynchronous endpoint: run it without -Async (it answers in one call).");
    }

    /// <summary>Rejects a model the chosen region does not serve (where both are known).</summary>
    public static void CheckRegion(PreparedGeneration prepared, DashScopeRegion? region)
    {
        if (prepared.Model is { } model && region is not null && !Contains(model.Regions, region.Id))
        {
            throw new BailianValidationException("Bailian.ModelNotInRegion",
                $"{model.Name} is not served in {region.DisplayName} ({region.Id}); it is available in {string.Join(", ", model.Regions)}. " +
                "Choose another -Region (with a key of that region) or another -Model.");
        }
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var item in values)
        {
            if (string.Equals(item, value, System.StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static ImageSize? ParseSize(string? text, ModelInfo? model, string modelName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!ImageSize.TryParse(text, out var size))
        {
            throw new BailianValidationException("Bailian.InvalidSize",
                $"Size '{text}' is not a size: write width*height, such as 1328*1328 (1328x1328 also works)." + Allowed(model));
        }

        if (model is not null && !model.SizeConstraint.Allows(size))
        {
            throw new BailianValidationException("Bailian.InvalidSize",
                $"Size {size} is not allowed for {modelName}: it takes {model.SizeRule}.");
        }

        return size;
    }

    private static string Allowed(ModelInfo? model) => model is null ? "" : $" {model.Name} takes {model.SizeRule}.";

    private static int CheckCount(int? count, ModelInfo? model, string modelName)
    {
        var value = count ?? model?.DefaultCount ?? 1;
        var (min, max) = model is null ? (1, int.MaxValue) : (model.MinCount, model.MaxCount);
        if (value < min || value > max)
        {
            var allowed = min == max ? $"exactly {min} image per request" : $"from {min} to {max} images per request";
            throw new BailianValidationException("Bailian.InvalidCount", $"Count {value} is not allowed for {modelName}: it makes {allowed}.");
        }

        return value;
    }

    private static void CheckSeed(long? seed)
    {
        if (seed is < 0 or > MaxSeed)
        {
            throw new BailianValidationException("Bailian.InvalidSeed", $"Seed {seed} is out of range: use 0 to {MaxSeed}.");
        }
    }

    private static void CheckLength(string parameter, string? text, int? max, string modelName, string errorId)
    {
        if (text is null || max is not { } limit)
        {
            return;
        }

        // DashScope counts characters, not UTF-16 units: an emoji or rare CJK character is one.
        var length = CountCharacters(text);
        if (length > limit)
        {
            throw new BailianValidationException(errorId,
                $"{parameter} has {length} characters; {modelName} takes at most {limit} (DashScope would silently cut the rest).");
        }
    }

    internal static int CountCharacters(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }
}
