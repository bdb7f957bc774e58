using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bailian.Catalog;
using Bailian.Json;

namespace Bailian.Generation;

/// <summary>
/// Checks the model-specific parameters (API doc §2.1, §5.4, §5.6, §5.7) against the catalog's <c>options</c> and
/// parses them into what is sent. The rules are the catalog's data; this class only applies them. Every problem is
/// an error before sending: an option the model does not take, a value it does not take, or a combination the
/// docs forbid (prompt_extend_mode agent or thinking_mode with input images, interleaving as a task).
/// </summary>
internal static class ModelOptionChecks
{
    private static readonly Regex Hex = new("^#[0-9A-Fa-f]{6}$", RegexOptions.CultureInvariant);

    /// <summary>The input images the request may have: interleaved mode has its own range (wan2.6-image: 0-1).</summary>
    public static (int Min, int Max)? ImageRange(ImageRequest request, ModelInfo? model) =>
        request.Interleave == true && model?.Options.Interleave is { } interleave
            ? (interleave.Images.Min, interleave.Images.Max)
            : model is null ? null : (model.MinImages, model.MaxImages);

    /// <summary>The n range where an option changes it (enable_sequential, interleaved mode); null for the model's own.</summary>
    public static (int Min, int Max, int Default)? CountRange(ImageRequest request, ModelInfo? model)
    {
        if (request.Interleave == true && model?.Options.Interleave is { } interleave)
        {
            return (interleave.Count, interleave.Count, interleave.Count);
        }

        return request.Sequential == true && model?.Options.Sequential is { } sequential
            ? (sequential.Count.Min, sequential.Count.Max, sequential.Count.Default)
            : null;
    }

    /// <param name="images">The input images' sizes (width, height; null where unknown), in order.</param>
    /// <exception cref="BailianValidationException">ParameterNotApplicable, InvalidOptionValue, OutOfRange.</exception>
    public static OptionValues Check(ImageRequest request, ModelInfo? model, string modelName, ApiProtocol protocol,
        IReadOnlyList<(int Width, int Height)?> images)
    {
        var options = model?.Options;
        void Require(bool given, object? rule, string parameter)
        {
            if (given && model is not null && rule is null)
            {
                throw RequestChecks.NotSupported(parameter, modelName);
            }
        }

        Require(request.PromptExtendMode is not null, options?.PromptExtendMode, "PromptExtendMode");
        Require(request.ThinkingMode is not null, options?.ThinkingMode, "ThinkingMode");
        Require(request.Sequential is not null, options?.Sequential, "Sequential");
        Require(request.BoundingBoxes is not null, options?.BoundingBoxes, "BoundingBox");
        Require(request.ColorPalette is not null, options?.ColorPalette, "ColorPalette");
        Require(request.Interleave is not null, options?.Interleave, "Interleave");
        Require(request.MaxImages is not null, options?.Interleave, "MaxImages");

        return new OptionValues
        {
            PromptExtendMode = PromptExtendMode(request.PromptExtendMode, options?.PromptExtendMode, modelName, images.Count),
            ThinkingMode = Thinking(request, options?.ThinkingMode, modelName, images.Count),
            EnableSequential = request.Sequential,
            BboxList = request.BoundingBoxes is null ? null : Boxes(request.BoundingBoxes, options?.BoundingBoxes, modelName, images),
            ColorPalette = request.ColorPalette is null ? null : Palette(request.ColorPalette, options?.ColorPalette, modelName),
            EnableInterleave = Interleave(request, protocol),
            MaxImages = MaxImages(request, options?.Interleave),
        };
    }

    private static string? PromptExtendMode(string? given, ChoiceOption? rule, string modelName, int imageCount)
    {
        if (given is null)
        {
            return null;
        }

        var value = given.Trim();
        if (rule is null)
        {
            return value; // an unknown model: sent as given
        }

        value = rule.Values.FirstOrDefault(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new BailianValidationException(ErrorIds.InvalidOptionValue,
                $"-PromptExtendMode '{given}' is not a mode of {modelName}: use {string.Join(" or ", rule.Values)}.");
        if (imageCount > 0 && RequestChecks.Contains(rule.TextOnlyValues, value))
        {
            throw new BailianValidationException(ErrorIds.ParameterNotApplicable,
                $"-PromptExtendMode {value} is for text to image only: {modelName} refuses it with input images (DashScope answers 400). " +
                $"Use {string.Join(" or ", rule.Values.Except(rule.TextOnlyValues))}, or leave it out; nothing was sent.");
        }

        return value;
    }

    private static bool? Thinking(ImageRequest request, ThinkingOption? rule, string modelName, int imageCount)
    {
        if (request.ThinkingMode != true || rule is null)
        {
            return request.ThinkingMode;
        }

        if (rule.TextOnly && imageCount > 0)
        {
            throw new BailianValidationException(ErrorIds.ParameterNotApplicable,
                $"-ThinkingMode is for text to image only: {modelName} does not think over input images. Leave it out, or make the image from text alone.");
        }

        if (rule.NotWithSequential && request.Sequential == true)
        {
            throw new BailianValidationException(ErrorIds.ParameterNotApplicable,
                $"-ThinkingMode does not apply with -Sequential: {modelName} thinks only when it makes single images. Leave one of them out.");
        }

        return true;
    }

    private static bool? Interleave(ImageRequest request, ApiProtocol protocol)
    {
        if (request.Interleave == true && protocol != ApiProtocol.MultimodalGeneration)
        {
            throw new BailianValidationException(ErrorIds.ParameterNotApplicable,
                "-Interleave streams its answer from the synchronous endpoint and has no task form: leave out -Async (and -EndpointFamily other than MultimodalGeneration).");
        }

        return request.Interleave;
    }

    private static int? MaxImages(ImageRequest request, InterleaveOption? rule)
    {
        if (request.MaxImages is not { } value)
        {
            return null;
        }

        if (request.Interleave != true)
        {
            throw new BailianValidationException(ErrorIds.ParameterNotApplicable,
                "-MaxImages applies only with -Interleave (it caps the images of interleaved output); for more images otherwise use -Count.");
        }

        if (rule is not null && (value < rule.MaxImages.Min || value > rule.MaxImages.Max))
        {
            throw new BailianValidationException(ErrorIds.OutOfRange,
                string.Format(CultureInfo.InvariantCulture, "-MaxImages {0} is out of range: use {1} to {2}.", value, rule.MaxImages.Min, rule.MaxImages.Max));
        }

        return value;
    }

    // bbox_list: one list per input image, each box [x1, y1, x2, y2] in that image's pixels (API doc §5.7).
    private static List<List<List<int>>> Boxes(string text, BoxOption? rule, string modelName, IReadOnlyList<(int Width, int Height)?> images)
    {
        BailianValidationException Bad(string why) => new(ErrorIds.InvalidOptionValue,
            $"-BoundingBox is not a list of boxes per image: {why}. Write JSON with one list per input image, e.g. '[[[10,10,200,200]],[]]' for two images, a box on the first.");
        if (images.Count == 0)
        {
            throw new BailianValidationException(ErrorIds.ParameterNotApplicable,
                "-BoundingBox marks regions of input images, and there are none: give -Image, or leave it out.");
        }

        List<List<List<int>>> lists;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw Bad("it is not a JSON array");
            }

            lists = document.RootElement.EnumerateArray().Select((perImage, i) => perImage.ValueKind == JsonValueKind.Array
                ? perImage.EnumerateArray().Select(box => Box(box, i, Bad)).ToList()
                : throw Bad($"the entry for image {i + 1} is not a list")).ToList();
        }
        catch (JsonException e)
        {
            throw Bad(e.Message);
        }

        if (lists.Count != images.Count)
        {
            throw Bad($"it has {lists.Count} lists for {images.Count} image{(images.Count == 1 ? "" : "s")}");
        }

        for (var i = 0; i < lists.Count; i++)
        {
            if (rule is not null && lists[i].Count > rule.MaxPerImage)
            {
                throw new BailianValidationException(ErrorIds.InvalidOptionValue,
                    $"-BoundingBox has {lists[i].Count} boxes for image {i + 1}; {modelName} takes at most {rule.MaxPerImage} per image.");
            }

            foreach (var box in lists[i])
            {
                if (images[i] is { } size && (box[2] > size.Width || box[3] > size.Height))
                {
                    throw new BailianValidationException(ErrorIds.InvalidOptionValue,
                        $"-BoundingBox [{string.Join(",", box)}] of image {i + 1} reaches past the image, which is {size.Width}x{size.Height} px.");
                }
            }
        }

        return lists;
    }

    private static List<int> Box(JsonElement box, int image, Func<string, BailianValidationException> bad)
    {
        var values = box.ValueKind == JsonValueKind.Array ? box.EnumerateArray().ToList() : [];
        if (values.Count != 4 || values.Any(v => v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n) || n < 0))
        {
            throw bad($"a box of image {image + 1} is not [x1, y1, x2, y2] in whole pixels");
        }

        var b = values.Select(v => v.GetInt32()).ToList();
        return b[0] < b[2] && b[1] < b[3] ? b : throw bad($"box [{string.Join(",", b)}] of image {image + 1} does not have x1 < x2 and y1 < y2");
    }

    // color_palette (API doc §2.2 E): "#RRGGBB:ratio, ..." or the API's JSON array of {hex, ratio}.
    private static List<PaletteColor> Palette(string text, PaletteOption? rule, string modelName)
    {
        BailianValidationException Bad(string why) => new(ErrorIds.InvalidOptionValue,
            $"-ColorPalette {why}. Write colours with their share, e.g. '#C2D1E6:0.25,#636574:0.5,#FFFFFF:0.25'.");
        var colors = text.TrimStart().StartsWith("[", StringComparison.Ordinal) ? PaletteJson(text, Bad) : PaletteText(text, Bad);
        foreach (var color in colors)
        {
            if (!Hex.IsMatch(color.Hex))
            {
                throw Bad($"colour '{color.Hex}' is not #RRGGBB");
            }

            if (rule is not null && (color.Ratio <= rule.Ratio.Min || color.Ratio > rule.Ratio.Max))
            {
                throw Bad(string.Format(CultureInfo.InvariantCulture,
                    "share {0} of {1} is out of range: each is a fraction above {2} and up to {3} (0.25, not 25)", color.Ratio, color.Hex, rule.Ratio.Min, rule.Ratio.Max));
            }
        }

        if (rule is not null && (colors.Count < rule.Entries.Min || colors.Count > rule.Entries.Max))
        {
            throw Bad($"has {colors.Count} colours; {modelName} takes {rule.Entries.Min} to {rule.Entries.Max}");
        }

        return colors;
    }

    private static List<PaletteColor> PaletteText(string text, Func<string, BailianValidationException> bad) =>
        text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var parts = entry.Split(':');
            return parts.Length == 2 && double.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio)
                ? new PaletteColor { Hex = parts[0].Trim().ToUpperInvariant(), Ratio = ratio }
                : throw bad($"entry '{entry.Trim()}' is not #RRGGBB:share");
        }).ToList();

    private static List<PaletteColor> PaletteJson(string text, Func<string, BailianValidationException> bad)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.EnumerateArray().Select(entry =>
                entry.ValueKind == JsonValueKind.Object
                && entry.TryGetProperty("hex", out var hex) && hex.ValueKind == JsonValueKind.String
                && entry.TryGetProperty("ratio", out var ratio) && ratio.ValueKind == JsonValueKind.Number
                    ? new PaletteColor { Hex = hex.GetString()!.ToUpperInvariant(), Ratio = ratio.GetDouble() }
                    : throw bad("has an entry that is not {\"hex\": \"#RRGGBB\", \"ratio\": share}")).ToList();
        }
        catch (JsonException e)
        {
            throw bad("is not valid JSON: " + e.Message);
        }
    }
}
