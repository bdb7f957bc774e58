using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Generation;

/// <summary>
/// The model-specific <c>parameters</c> of API doc §2.1 a model takes, and their rules (§5.4 qwen-image-3.0, §5.6
/// wan2.6-image interleaved mode, §5.7 wan2.7). A model sent one it does not take answers 400, as for
/// <see cref="ModelRule.UnsupportedParameters"/>.
/// </summary>
internal sealed record OptionRules
{
    public static readonly OptionRules None = new();

    /// <summary>Every parameter name this record governs, for the "not supported by this model" check.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["prompt_extend_mode", "thinking_mode", "enable_sequential", "bbox_list", "color_palette", "enable_interleave", "max_images"];

    /// <summary><c>prompt_extend_mode</c> values; empty when the model does not take it.</summary>
    public IReadOnlyList<string> PromptExtendModes { get; init; } = [];

    /// <summary>The modes refused with input images (§5.4: agent is text-to-image only, 400 with images).</summary>
    public IReadOnlyList<string> TextOnlyPromptExtendModes { get; init; } = [];

    /// <summary>Whether <c>thinking_mode</c> is taken (true only without input images and without sequential output).</summary>
    public bool ThinkingMode { get; init; }

    /// <summary><c>n</c> with <c>enable_sequential</c>: true; null when the model has no sequential output.</summary>
    public CountRule? SequentialCount { get; init; }

    /// <summary>The most boxes per input image in <c>bbox_list</c>; 0 when the model does not take it.</summary>
    public int MaxBoxesPerImage { get; init; }

    /// <summary>How many <c>color_palette</c> entries; null when the model does not take it.</summary>
    public (int Min, int Max)? PaletteEntries { get; init; }

    /// <summary>Interleaved mode (wan2.6-image): <c>max_images</c> range and default, and the inputs it takes.</summary>
    public InterleaveRule? Interleave { get; init; }

    /// <summary>Named sizes the model refuses with input images (wan2.7-image-pro's <c>4K</c>, §5.7).</summary>
    public IReadOnlyList<string> TextOnlySizeNames { get; init; } = [];

    /// <summary>Whether the model takes <paramref name="name"/>.</summary>
    public bool Takes(string name) => name switch
    {
        "prompt_extend_mode" => PromptExtendModes.Count > 0,
        "thinking_mode" => ThinkingMode,
        "enable_sequential" => SequentialCount is not null,
        "bbox_list" => MaxBoxesPerImage > 0,
        "color_palette" => PaletteEntries is not null,
        "enable_interleave" or "max_images" => Interleave is not null,
        _ => true,
    };
}

/// <summary>wan2.6-image's interleaved mode (API doc §5.6): n fixed at 1, <c>max_images</c> 1–5, 0–1 input image, streamed.</summary>
/// <param name="MaxImages">The <c>max_images</c> range and its default (the emulator's choice, 5: the doc names none).</param>
/// <param name="MaxInputImages">The most input images.</param>
internal sealed record InterleaveRule(CountRule MaxImages, int MaxInputImages);

/// <summary>The option values of one request, read and checked against its model.</summary>
/// <param name="PromptExtendMode">The mode sent, or null.</param>
/// <param name="Thinking">thinking_mode: true.</param>
/// <param name="Sequential">enable_sequential: true.</param>
/// <param name="Interleave">enable_interleave: true.</param>
/// <param name="MaxImages">Interleaved mode's image count.</param>
/// <param name="Boxes">bbox_list: boxes per input image, or null.</param>
/// <param name="SizeName">The named size sent (1K, 2K, 4K), or null.</param>
internal sealed record OptionValues(
    string? PromptExtendMode, bool Thinking, bool Sequential, bool Interleave, int MaxImages, IReadOnlyList<int>? Boxes, string? SizeName)
{
    public static readonly OptionValues None = new(null, false, false, false, 0, null, null);

    private static readonly Regex Hex = new("^#[0-9A-Fa-f]{6}$", RegexOptions.CultureInvariant);

    /// <summary>The <c>n</c> rule in force: sequential output's, interleaved mode's fixed 1, or the model's.</summary>
    public CountRule CountRule(ModelRule model) =>
        Interleave ? new CountRule(1, 1, 1, "The parameter n must be 1 when enable_interleave is true.")
        : Sequential && model.Options.SequentialCount is { } sequential ? sequential
        : model.Count;

    /// <summary>Reads the options from <paramref name="values"/>; returns the first problem, or null.</summary>
    public static ApiError? Read(JsonObject values, ModelRule model, out OptionValues options)
    {
        options = None;
        var rules = model.Options;
        if (OptionRules.Names.FirstOrDefault(name => values.ContainsKey(name) && !rules.Takes(name)) is { } unsupported)
        {
            return ApiError.InvalidParameter($"The parameter {unsupported} is not supported by the model {model.Name}.");
        }

        foreach (var flag in (string[])["thinking_mode", "enable_sequential", "enable_interleave"])
        {
            if (values[flag] is { } node && node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                return ApiError.InvalidParameter($"The parameter {flag} must be a boolean.");
            }
        }

        string? mode = null;
        if (values["prompt_extend_mode"] is { } modeNode
            && ((mode = JsonFields.StringOf(modeNode)) is null || !rules.PromptExtendModes.Contains(mode, StringComparer.Ordinal)))
        {
            return ApiError.InvalidParameter(
                $"The parameter prompt_extend_mode must be one of: {string.Join(", ", rules.PromptExtendModes)}.");
        }

        var thinking = values["thinking_mode"]?.GetValueKind() == JsonValueKind.True;
        var sequential = values["enable_sequential"]?.GetValueKind() == JsonValueKind.True;
        var interleave = values["enable_interleave"]?.GetValueKind() == JsonValueKind.True;
        if (thinking && sequential)
        {
            return ApiError.InvalidParameter("The parameter thinking_mode is not supported when enable_sequential is true.");
        }

        var maxImages = 0;
        if (values["max_images"] is { } maxNode)
        {
            if (!interleave)
            {
                return ApiError.InvalidParameter("The parameter max_images is only supported when enable_interleave is true.");
            }

            if (!JsonFields.TryGetInteger(maxNode, out var max) || max < rules.Interleave!.MaxImages.Min || max > rules.Interleave.MaxImages.Max)
            {
                return ApiError.InvalidParameter(rules.Interleave!.MaxImages.Reject.Replace("parameter n", "parameter max_images", StringComparison.Ordinal));
            }

            maxImages = (int)max;
        }
        else if (interleave)
        {
            maxImages = rules.Interleave!.MaxImages.Default;
        }

        if (ReadPalette(values["color_palette"], rules) is { } paletteError)
        {
            return paletteError;
        }

        if (ReadBoxes(values["bbox_list"], rules, out var boxes) is { } boxError)
        {
            return boxError;
        }

        var sizeName = values["size"] is { } size && JsonFields.StringOf(size) is { } text && model.Size.TryResolveName(text, out _) ? text : null;
        options = new OptionValues(mode, thinking, sequential, interleave, maxImages, boxes, sizeName);
        return null;
    }

    /// <summary>The rules that depend on the input images, checked once they are counted.</summary>
    public ApiError? CheckImages(ModelRule model, int imageCount)
    {
        var rules = model.Options;
        if (imageCount > 0 && PromptExtendMode is { } mode && rules.TextOnlyPromptExtendModes.Contains(mode, StringComparer.Ordinal))
        {
            return ApiError.InvalidParameter($"The prompt_extend_mode {mode} is only supported for text-to-image requests without input images.");
        }

        if (imageCount > 0 && Thinking)
        {
            return ApiError.InvalidParameter("The parameter thinking_mode is only supported for text-to-image requests without input images.");
        }

        if (imageCount > 0 && SizeName is { } name && rules.TextOnlySizeNames.Contains(name, StringComparer.Ordinal))
        {
            return ApiError.InvalidParameter($"The size {name} is only supported for text-to-image requests without input images.");
        }

        if (Boxes is { } boxes && boxes.Count != imageCount)
        {
            return ApiError.InvalidParameter(string.Create(CultureInfo.InvariantCulture,
                $"The bbox_list must have one list per input image: {boxes.Count} lists for {imageCount} images."));
        }

        return null;
    }

    /// <summary>The input-image range in force: interleaved mode's 0 to its maximum, or the model's.</summary>
    public (int Min, int Max) ImageRange(ModelRule model) =>
        Interleave && model.Options.Interleave is { } rule ? (0, rule.MaxInputImages) : (model.MinImages, model.MaxImages);

    private static ApiError? ReadPalette(JsonNode? node, OptionRules rules)
    {
        if (node is null)
        {
            return null;
        }

        var (min, max) = rules.PaletteEntries!.Value;
        if (node is not JsonArray entries || entries.Count < min || entries.Count > max)
        {
            return ApiError.InvalidParameter(string.Create(CultureInfo.InvariantCulture,
                $"The parameter color_palette must be an array of {min} to {max} colors."));
        }

        foreach (var entry in entries)
        {
            // The ratio is a fraction of the image: the emulator's reading of the Java SDK's Double (API doc §13.7).
            if (entry is not JsonObject color || JsonFields.StringOf(color["hex"]) is not { } hex || !Hex.IsMatch(hex)
                || color["ratio"] is not JsonValue ratioNode || ratioNode.GetValueKind() != JsonValueKind.Number
                || ratioNode.GetValue<double>() is var ratio && (ratio <= 0 || ratio > 1))
            {
                return ApiError.InvalidParameter("Each color_palette entry must be {\"hex\": \"#RRGGBB\", \"ratio\": a number in (0, 1]}.");
            }
        }

        return null;
    }

    private static ApiError? ReadBoxes(JsonNode? node, OptionRules rules, out IReadOnlyList<int>? boxes)
    {
        boxes = null;
        if (node is null)
        {
            return null;
        }

        var counts = new List<int>();
        if (node is not JsonArray perImage)
        {
            return ApiError.InvalidParameter("The parameter bbox_list must be an array with one list of boxes per input image.");
        }

        foreach (var list in perImage)
        {
            if (list is not JsonArray imageBoxes || imageBoxes.Count > rules.MaxBoxesPerImage)
            {
                return ApiError.InvalidParameter(string.Create(CultureInfo.InvariantCulture,
                    $"Each bbox_list entry must be a list of at most {rules.MaxBoxesPerImage} boxes."));
            }

            foreach (var box in imageBoxes)
            {
                if (box is not JsonArray corners || corners.Count != 4 || !IsBox(corners))
                {
                    return ApiError.InvalidParameter("Each box must be [x1, y1, x2, y2] with non-negative integers, x1 < x2 and y1 < y2.");
                }
            }

            counts.Add(imageBoxes.Count);
        }

        boxes = counts;
        return null;
    }

    private static bool IsBox(JsonArray corners)
    {
        var values = new long[4];
        for (var i = 0; i < 4; i++)
        {
            if (corners[i] is not { } corner || !JsonFields.TryGetInteger(corner, out values[i]) || values[i] < 0)
            {
                return false;
            }
        }

        return values[0] < values[2] && values[1] < values[3];
    }
}
