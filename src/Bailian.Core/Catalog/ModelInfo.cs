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
    public ApiProtocol Protocol { get; }
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

    public override string ToString() => Name;
}
