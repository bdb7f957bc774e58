using Bailian.Catalog;

namespace Bailian;

/// <summary>One model of the catalog, as Get-BailianModel shows it and as validation uses it.</summary>
public sealed class ModelInfo
{
    internal ModelInfo(ModelEntry model, FamilyEntry family)
    {
        Name = model.Name;
        Family = family.Name;
        SnapshotOf = model.SnapshotOf;
        Description = family.Description;
        Protocol = family.Protocol;
        AsyncProtocol = model.AsyncProtocol ?? family.AsyncProtocol ?? (family.Protocol.IsAsync() ? family.Protocol : null);
        _regionNames = model.RegionNames ?? [];
        Task = family.Task;
        Regions = family.Regions.ToArray();
        SizeConstraint = new SizeConstraint(family);
        Sizes = SizeConstraint.Examples.Select(s => s.ToString()).ToArray();
        SizeRule = SizeConstraint.Describe();
        DefaultSize = family.DefaultSize;
        MinCount = family.Count.Min;
        MaxCount = family.Count.Max;
        DefaultCount = family.Count.Default;
        MaxPromptLength = family.MaxPromptLength;
        MaxNegativePromptLength = family.MaxNegativePromptLength;
        MinImages = family.Images?.Min ?? 0;
        MaxImages = family.Images?.Max ?? 0;
        ImageFormats = family.ImageFormats?.ToArray() ?? [];
        MinImageSide = family.ImageSide?.Min;
        MaxImageSide = family.ImageSide?.Max;
        MaxImageBytes = family.MaxImageBytes;
        NamedSizes = family.NamedSizes?.ToArray() ?? [];
        UnsupportedParameters = family.Unsupported?.ToArray() ?? [];
        Functions = family.Functions?.ToArray() ?? [];
        SubmissionsPerSecond = family.SubmissionsPerSecond;
        ImageRatio = family.ImageRatio is { } ratio ? (ratio.Min, ratio.Max) : null;
        TextOnlyNamedSizes = family.TextOnlyNamedSizes?.ToArray() ?? [];
        Options = family.Options ?? new OptionsEntry();
        Notes = family.Notes?.ToArray() ?? [];
        Parameters = OptionNames(Options);
        if (NamedSizes.Count > 0)
        {
            Sizes = NamedSizes.Concat(Sizes).ToArray();
            SizeRule = $"{string.Join(", ", NamedSizes)}, or {SizeRule}";
        }
    }

    public string Name { get; }
    public string Family { get; }
    /// <summary>For a dated snapshot, the model name it pins.</summary>
    public string? SnapshotOf { get; }
    public string Description { get; }
    /// <summary>The endpoint used by default.</summary>
    public ApiProtocol Protocol { get; }
    /// <summary>The asynchronous endpoint (-Async), or null when the model has none.</summary>
    public ApiProtocol? AsyncProtocol { get; }
    public ModelTask Task { get; }
    /// <summary>Region ids where the model is served.</summary>
    public IReadOnlyList<string> Regions { get; }
    /// <summary>The fixed sizes, or recommended ones where the model takes a range.</summary>
    public IReadOnlyList<string> Sizes { get; }
    public string SizeRule { get; }
    public string? DefaultSize { get; }
    public int MinCount { get; }
    public int MaxCount { get; }
    /// <summary>What Bailian sends when -Count is not given (always sent: Wan bills 4 images without it).</summary>
    public int DefaultCount { get; }
    public int MaxPromptLength { get; }
    public int MaxNegativePromptLength { get; }
    /// <summary>How many input images the model takes: 0 and 0 for text-to-image only.</summary>
    public int MinImages { get; }
    public int MaxImages { get; }
    public IReadOnlyList<Images.ImageFileFormat> ImageFormats { get; }
    /// <summary>Each side of an input image, in pixels, when the docs give a range.</summary>
    public int? MinImageSide { get; }
    public int? MaxImageSide { get; }
    public long? MaxImageBytes { get; }
    /// <summary>Sizes given by name, such as 1K and 2K.</summary>
    public IReadOnlyList<string> NamedSizes { get; }
    /// <summary>DashScope parameter names the model refuses (e.g. size for qwen-image-edit).</summary>
    public IReadOnlyList<string> UnsupportedParameters { get; }
    /// <summary>wanx2.1-imageedit's functions; empty for other models.</summary>
    public IReadOnlyList<FunctionEntry> Functions { get; }
    /// <summary>The documented create-call rate, which batches keep to; null where the docs give none.</summary>
    public double? SubmissionsPerSecond { get; }
    /// <summary>Input images' width/height bounds where the docs give them (wan2.7: 0.125 to 8).</summary>
    public (double Min, double Max)? ImageRatio { get; }
    /// <summary>Named sizes refused with input images (wan2.7-image-pro's 4K).</summary>
    public IReadOnlyList<string> TextOnlyNamedSizes { get; }
    /// <summary>The model-specific DashScope parameters it takes beyond the common ones (e.g. prompt_extend_mode, thinking_mode).</summary>
    public IReadOnlyList<string> Parameters { get; }
    /// <summary>Where the API doc is unsure and the catalog chose a rule: what, and why.</summary>
    public IReadOnlyList<string> Notes { get; }
    internal OptionsEntry Options { get; }
    /// <summary>The prompt_extend_mode values the model takes (qwen-image-3.0: direct, agent); empty for others.</summary>
    public IReadOnlyList<string> PromptExtendModes => Options.PromptExtendMode?.Values ?? [];
    public bool CanEdit => MaxImages > 0;
    /// <summary>Whether New-BailianImage can use it: no input image needed, or none in interleaved mode (wan2.6-image -Interleave).</summary>
    public bool CanGenerateFromText => MinImages == 0 || Options.Interleave is { Images.Min: 0 };
    /// <summary>What the model does: text to image, editing, or both (one model of both kinds takes zero or more images).</summary>
    public ModelKind Kind => CanEdit ? (CanGenerateFromText ? ModelKind.Both : ModelKind.Edit) : ModelKind.TextToImage;

    /// <summary>True when the model can be used as <paramref name="kind"/>: a model of both kinds is a text-to-image and an edit model.</summary>
    public bool IsKind(ModelKind kind) => kind switch
    {
        ModelKind.TextToImage => CanGenerateFromText,
        ModelKind.Edit => CanEdit,
        _ => CanGenerateFromText && CanEdit,
    };

    internal SizeConstraint SizeConstraint { get; }

    private readonly Dictionary<string, string> _regionNames;

    /// <summary>
    /// The name to send in a region: wanx2.1-t2i-plus in Beijing is wan2.1-t2i-plus in Singapore, and
    /// either name works from Bailian in both.
    /// </summary>
    public string NameIn(string? regionId) =>
        regionId is not null && _regionNames.TryGetValue(regionId, out var name) ? name : Name;

    private static string[] OptionNames(OptionsEntry options)
    {
        var names = new List<string>();
        if (options.PromptExtendMode is not null) names.Add("prompt_extend_mode");
        if (options.ThinkingMode is not null) names.Add("thinking_mode");
        if (options.Sequential is not null) names.Add("enable_sequential");
        if (options.BoundingBoxes is not null) names.Add("bbox_list");
        if (options.ColorPalette is not null) names.Add("color_palette");
        if (options.Interleave is not null) names.AddRange(["enable_interleave", "max_images"]);
        return names.ToArray();
    }

    public override string ToString() => Name;
}
