using Bailian.Catalog;

namespace Bailian.Generation;

/// <summary>
/// The checks every image request gets before it is sent: prompt lengths, size, count, seed, the
/// endpoint, and parameters the model refuses. Shared by text to image and editing.
/// </summary>
internal static class RequestChecks
{
    public const long MaxSeed = 2147483647;

    /// <summary>Prompt, negative prompt, seed and the on/off parameters a model may refuse.</summary>
    public static void CheckCommon(ImageRequest request, ModelInfo? model, string modelName)
    {
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new BailianValidationException(ErrorIds.EmptyPrompt, "The prompt is empty: give -Prompt, or a Prompt column in the input.");
        }

        if (model is not null && model.UnsupportedParameters.Contains("prompt_extend") && request.PromptExtend is not null)
        {
            throw NotSupported("PromptExtend", modelName);
        }

        if (model is not null && model.UnsupportedParameters.Contains("negative_prompt") && !string.IsNullOrEmpty(request.NegativePrompt))
        {
            throw NotSupported("NegativePrompt", modelName);
        }

        CheckNotGarbled("Prompt", request.Prompt);
        CheckNotGarbled("NegativePrompt", request.NegativePrompt);
        CheckLength("Prompt", request.Prompt, model?.MaxPromptLength, modelName, ErrorIds.PromptTooLong);
        CheckLength("NegativePrompt", request.NegativePrompt, model?.MaxNegativePromptLength, modelName, ErrorIds.NegativePromptTooLong);
        CheckSeed(request.Seed);
    }

    /// <summary>A parameter given for a model (or function) it does not apply to: an error, not silently dropped.</summary>
    public static BailianValidationException NotSupported(string parameter, string modelName) =>
        new(ErrorIds.ParameterNotApplicable, $"-{parameter} does not apply to {modelName}, which has no such option; leave it out.");

    // Without -Async a model's default endpoint is used; an async-only model is then waited on for the caller.
    // -EndpointFamily picks the endpoint for a model the catalog does not know, and must agree with the catalog for
    // one it knows. An unknown model without it goes where its name suggests (models.json endpointGuesses: wanx* and
    // wan2.0-2.5 to text2image, *imageedit* to image2image), else to the synchronous endpoint (or its task twin with -Async).
    /// <summary>How the warning for a model the catalog does not know begins (a gateway words the rest its own way).</summary>
    internal static string UnknownModelLead(string modelName) => $"Model '{modelName}' is not in Bailian's catalog";

    internal const string WithoutLocalChecks = "without local checks of images, size, count or prompt length.";

    internal static ApiProtocol ChooseProtocol(ImageRequest request, ModelInfo? model, string modelName, ModelCatalog catalog,
        List<string> warnings)
    {
        var async = request.Async;
        if (model is null)
        {
            var guess = request.EndpointFamily is null ? catalog.GuessEndpointFamily(modelName) : null;
            var protocol = (request.EndpointFamily ?? guess?.Family ?? EndpointFamily.MultimodalGeneration).Protocol(async);
            var why = request.EndpointFamily is { } family ? $"-EndpointFamily {family}"
                : guess is { } g ? $"its name suggests {g.Family}: {g.Why}; choose another with -EndpointFamily"
                : "the default for unknown models; choose another with -EndpointFamily";
            warnings.Add($"{UnknownModelLead(modelName)}: sending it as given to {protocol.Path()} ({why}), {WithoutLocalChecks}");
            return protocol;
        }

        if (request.EndpointFamily is { } chosen)
        {
            var protocol = chosen.Protocol(async);
            if (protocol == model.Protocol || protocol == model.AsyncProtocol)
            {
                return protocol;
            }

            var served = new[] { model.Protocol, model.AsyncProtocol }.OfType<ApiProtocol>().Select(p => p.Family()).Distinct();
            throw new BailianValidationException(ErrorIds.EndpointFamilyMismatch,
                $"-EndpointFamily {chosen}{(async ? " with -Async" : "")} contradicts the catalog: {modelName} is served on {string.Join(" and ", served)}. " +
                "Leave -EndpointFamily out for a model Bailian knows; nothing was sent.");
        }

        if (!async)
        {
            return model.Protocol;
        }

        return model.AsyncProtocol ?? throw new BailianValidationException(ErrorIds.NoAsyncEndpoint,
            $"{modelName} has no asynchronous endpoint: run it without -Async (it answers in one call).");
    }

    internal static bool Contains(IReadOnlyList<string> values, string value)
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

    /// <summary>The size asked for, as dimensions or as one of the model's named sizes (1K, 2K).</summary>
    /// <param name="imageCount">Input images: some named sizes are for text to image only (wan2.7-image-pro's 4K).</param>
    internal static (ImageSize? Size, string? Named) ParseSize(string? text, ModelInfo? model, string modelName, int imageCount = 0)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        if (model is not null && model.UnsupportedParameters.Contains("size"))
        {
            throw NotSupported("Size", modelName);
        }

        var named = model?.NamedSizes.FirstOrDefault(n => string.Equals(n, text!.Trim(), StringComparison.OrdinalIgnoreCase));
        if (named is not null)
        {
            if (imageCount > 0 && Contains(model!.TextOnlyNamedSizes, named))
            {
                throw new BailianValidationException(ErrorIds.InvalidSize,
                    $"Size {named} is for text to image only: {modelName} does not make it from input images. It takes {model.SizeRule}.");
            }

            return (null, named);
        }

        var parsed = ImageSize.TryParse(text, out var size);
        if (!parsed && model is not null && IsNamedSize(text!))
        {
            // 1K, 2K, 4K: sizes some models take by name; this one does not take this one.
            throw new BailianValidationException(ErrorIds.InvalidSize,
                $"Size {text!.Trim()} is not allowed for {modelName}: it takes {model.SizeRule}.");
        }

        if (!parsed)
        {
            throw new BailianValidationException(ErrorIds.InvalidSize,
                $"Size '{text}' is not a size: write width*height, such as 1328*1328 (1328x1328 also works)." + Allowed(model));
        }

        if (model is not null && !model.SizeConstraint.Allows(size))
        {
            throw new BailianValidationException(ErrorIds.InvalidSize,
                $"Size {size} is not allowed for {modelName}: it takes {model.SizeRule}.");
        }

        return (size, null);
    }

    // How the catalog's named sizes are written (1K, 2K, 4K), whichever model has them.
    private static bool IsNamedSize(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length >= 2 && char.ToUpperInvariant(trimmed[trimmed.Length - 1]) == 'K' && trimmed.Take(trimmed.Length - 1).All(char.IsDigit);
    }

    private static string Allowed(ModelInfo? model) => model is null ? "" : $" {model.Name} takes {model.SizeRule}.";

    /// <param name="range">The n range an option sets instead of the model's (enable_sequential, interleaved mode).</param>
    internal static int CheckCount(int? count, ModelInfo? model, string modelName, (int Min, int Max, int Default)? range = null)
    {
        var value = count ?? range?.Default ?? model?.DefaultCount ?? 1;
        var (min, max) = range is { } r ? (r.Min, r.Max) : model is null ? (1, int.MaxValue) : (model.MinCount, model.MaxCount);
        if (value < min || value > max)
        {
            var allowed = min == max ? $"exactly {min} image per request" : $"from {min} to {max} images per request";
            throw new BailianValidationException(ErrorIds.InvalidCount, $"Count {value} is not allowed for {modelName}: it makes {allowed}.");
        }

        return value;
    }

    private static void CheckSeed(long? seed)
    {
        if (seed is < 0 or > MaxSeed)
        {
            throw new BailianValidationException(ErrorIds.InvalidSeed, $"Seed {seed} is out of range: use 0 to {MaxSeed}.");
        }
    }

    // U+FFFD is what a decoder puts where bytes made no sense: a GB18030 (GBK) CSV read as UTF-8 turns 一只橘猫
    // into a run of them. Nobody writes one on purpose, and DashScope would bill a picture of the garbage.
    private static void CheckNotGarbled(string parameter, string? text)
    {
        var at = text?.IndexOf('\uFFFD') ?? -1;
        if (at < 0)
        {
            return;
        }

        var start = Math.Max(0, at - 10);
        var end = Math.Min(text!.Length, start + 30);
        start -= start > 0 && char.IsLowSurrogate(text[start]) ? 1 : 0; // never half a character
        end += end < text.Length && char.IsLowSurrogate(text[end]) ? 1 : 0;
        var excerpt = text.Substring(start, end - start);
        throw new BailianValidationException(ErrorIds.GarbledText,
            $"-{parameter} holds U+FFFD replacement characters (at character {at + 1}: \"{excerpt}\"): it was read in the wrong " +
            "encoding, such as a GB18030/GBK CSV read as UTF-8; nothing was sent. Read the file in its own encoding: " +
            "Import-Csv -Encoding GB18030 on PowerShell 7 (or -Encoding 936, the code page); on Windows PowerShell 5.1, " +
            "Import-Csv -Encoding Default where the system code page is the file's (936 on Chinese Windows), else " +
            "[IO.File]::ReadAllText($path, [Text.Encoding]::GetEncoding(936)) | ConvertFrom-Csv.");
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

    /// <summary>Rejects a model the chosen region does not serve (where both are known), for text to image and edits alike.</summary>
    public static void CheckRegion(PreparedGeneration prepared, Connection.DashScopeRegion? region)
    {
        if (prepared.Model is { } model && region is not null && !Contains(model.Regions, region.Id))
        {
            throw new BailianValidationException(ErrorIds.ModelNotInRegion,
                $"{model.Name} is not served in {region.DisplayName} ({region.Id}); it is available in {string.Join(", ", model.Regions)}. " +
                "Choose another -Region (with a key of that region) or another -Model.");
        }
    }
}
