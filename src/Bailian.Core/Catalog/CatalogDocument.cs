namespace Bailian.Catalog;

// The shape of models.json. Families carry the rules so that dated snapshots share them.
internal sealed class CatalogDocument
{
    public List<FamilyEntry> Families { get; set; } = [];
    public List<ModelEntry> Models { get; set; } = [];
    public List<EndpointGuessEntry> EndpointGuesses { get; set; } = [];
}

/// <summary>For a model not in the catalog: a name pattern and the endpoint family it suggests.</summary>
internal sealed class EndpointGuessEntry
{
    public string Pattern { get; set; } = "";
    public EndpointFamily Family { get; set; }
    public string Why { get; set; } = "";
}

internal sealed class FamilyEntry
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public ApiProtocol Protocol { get; set; }
    public ApiProtocol? AsyncProtocol { get; set; }
    public ModelTask Task { get; set; }
    public List<string>? Sizes { get; set; }
    public List<string>? RecommendedSizes { get; set; }
    public string? DefaultSize { get; set; }
    public Range<long>? Pixels { get; set; }
    public Range<int>? Side { get; set; }
    public Range<double>? Ratio { get; set; }
    public CountRange Count { get; set; } = new();
    public int MaxPromptLength { get; set; }
    public int MaxNegativePromptLength { get; set; }
    public List<string> Regions { get; set; } = [];
    public Range<int>? Images { get; set; }
    public List<Images.ImageFileFormat>? ImageFormats { get; set; }
    public Range<int>? ImageSide { get; set; }
    public long? MaxImageBytes { get; set; }
    public List<string>? NamedSizes { get; set; }
    public List<string>? Unsupported { get; set; }
    public List<FunctionEntry>? Functions { get; set; }
    public double? SubmissionsPerSecond { get; set; }
    /// <summary>Input images' aspect ratio (width over height) where the docs bound it (wan2.7: 1:8 to 8:1).</summary>
    public Range<double>? ImageRatio { get; set; }
    /// <summary>Named sizes allowed only without input images (wan2.7-image-pro's 4K).</summary>
    public List<string>? TextOnlyNamedSizes { get; set; }
    /// <summary>The model-specific parameters of API doc §2.1 (qwen-image-3.0, wan2.6-image, wan2.7) and their rules.</summary>
    public OptionsEntry? Options { get; set; }
    /// <summary>Where the API doc is unsure and the catalog chose: what was chosen, and why.</summary>
    public List<string>? Notes { get; set; }
}

/// <summary>
/// The model-specific parameters a family takes (API doc §2.1, §5.4, §5.6, §5.7). An absent entry means the
/// model does not take that parameter, and Bailian refuses it before sending.
/// </summary>
internal sealed class OptionsEntry
{
    /// <summary>prompt_extend_mode (qwen-image-3.0): the values, and those allowed only without input images.</summary>
    public ChoiceOption? PromptExtendMode { get; set; }
    /// <summary>thinking_mode (wan2.7): a boolean; true only for text to image without sequential output.</summary>
    public ThinkingOption? ThinkingMode { get; set; }
    /// <summary>enable_sequential (wan2.7): image-group output, with its own n range.</summary>
    public SequentialOption? Sequential { get; set; }
    /// <summary>bbox_list (wan2.7): one list of boxes per input image.</summary>
    public BoxOption? BoundingBoxes { get; set; }
    /// <summary>color_palette (wan2.7): how many {hex, ratio} entries, and the ratio's bounds.</summary>
    public PaletteOption? ColorPalette { get; set; }
    /// <summary>enable_interleave and max_images (wan2.6-image): text and images, streamed.</summary>
    public InterleaveOption? Interleave { get; set; }
}

internal sealed class ChoiceOption
{
    public List<string> Values { get; set; } = [];
    public List<string> TextOnlyValues { get; set; } = [];
}

internal sealed class ThinkingOption
{
    public bool TextOnly { get; set; }
    public bool NotWithSequential { get; set; }
}

internal sealed class SequentialOption
{
    public CountRange Count { get; set; } = new();
}

internal sealed class BoxOption
{
    public int MaxPerImage { get; set; }
}

internal sealed class PaletteOption
{
    public Range<int> Entries { get; set; } = new();
    public Range<double> Ratio { get; set; } = new();
}

internal sealed class InterleaveOption
{
    public Range<int> MaxImages { get; set; } = new();
    public Range<int> Images { get; set; } = new();
    public int Count { get; set; } = 1;
}

/// <summary>A wanx2.1-imageedit function: the parameters that belong to it, and whether it needs a mask.</summary>
public sealed class FunctionEntry
{
    public string Name { get; set; } = "";
    public List<string> Parameters { get; set; } = [];
    public string? Mask { get; set; }
    public bool RequiresMask => Mask == "required";
}

internal sealed class ModelEntry
{
    public string Name { get; set; } = "";
    public string Family { get; set; } = "";
    public string? SnapshotOf { get; set; }
    public ApiProtocol? AsyncProtocol { get; set; }
    public Dictionary<string, string>? RegionNames { get; set; }
}

internal sealed class Range<T>
    where T : struct
{
    public T Min { get; set; }
    public T Max { get; set; }
}

internal sealed class CountRange
{
    public int Min { get; set; } = 1;
    public int Max { get; set; } = 1;
    public int Default { get; set; } = 1;
}
