using System.Globalization;
using Bailian.Json;

namespace Bailian.Generation;

/// <summary>
/// The model-specific parameters of one request after <see cref="ModelOptionChecks"/>: checked, parsed, and in the
/// shape they go on the wire (API doc §2.1). Null means "not sent".
/// </summary>
internal sealed class OptionValues
{
    public static readonly OptionValues None = new();

    public string? PromptExtendMode { get; init; }
    public bool? ThinkingMode { get; init; }
    public bool? EnableSequential { get; init; }
    public List<List<List<int>>>? BboxList { get; init; }
    public List<PaletteColor>? ColorPalette { get; init; }
    public bool? EnableInterleave { get; init; }
    public int? MaxImages { get; init; }

    /// <summary>True when the answer comes as server-sent events (wan2.6-image interleaved mode, API doc §2.4).</summary>
    public bool Streams => EnableInterleave == true;

    /// <summary>The options for a row's identity (RowKey); empty when none is set, so older keys stay as they were.</summary>
    public string Key()
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + System.Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }

        Add("prompt_extend_mode", PromptExtendMode);
        Add("thinking_mode", ThinkingMode);
        Add("enable_sequential", EnableSequential);
        Add("bbox_list", BboxList is null ? null : string.Join(";", BboxList.Select(boxes => string.Join("|", boxes.Select(b => string.Join(",", b))))));
        Add("color_palette", ColorPalette is null ? null : string.Join(";", ColorPalette.Select(c => c.Hex + ":" + c.Ratio.ToString("R", CultureInfo.InvariantCulture))));
        Add("enable_interleave", EnableInterleave);
        Add("max_images", MaxImages);
        return string.Join("\n", parts);
    }

    /// <summary>Writes the options into a body's parameters.</summary>
    public void ApplyTo(GenerationParameters parameters)
    {
        parameters.PromptExtendMode = PromptExtendMode;
        parameters.ThinkingMode = ThinkingMode;
        parameters.EnableSequential = EnableSequential;
        parameters.BboxList = BboxList;
        parameters.ColorPalette = ColorPalette;
        parameters.EnableInterleave = EnableInterleave;
        parameters.MaxImages = MaxImages;
    }
}
