using System.Collections.Generic;
using System.Linq;
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

    internal SizeConstraint SizeConstraint { get; }

    private readonly Dictionary<string, string> _regionNames;

    /// <summary>
    /// The name to send in a region: wanx2.1-t2i-plus in Beijing is wan2.1-t2i-plus in Singapore, and
    /// either name works from Bailian in both.
    /// </summary>
    public string NameIn(string? regionId) =>
        regionId is not null && _regionNames.TryGetValue(regionId, out var name) ? name : Name;

    public override string ToString() => Name;
}
