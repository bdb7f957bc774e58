using System.Collections.Generic;

namespace Bailian.Catalog;

// The shape of models.json. Families carry the rules so that dated snapshots share them.
internal sealed class CatalogDocument
{
    public List<FamilyEntry> Families { get; set; } = [];
    public List<ModelEntry> Models { get; set; } = [];
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
