using System.Collections.Frozen;

namespace Bailian.Emulator.Editing;

/// <summary>The functions of wanx2.1-imageedit and their parameters (API doc §3.2), as data.</summary>
internal static class EditFunctions
{
    public const string Strength = "strength";
    public const string TopScale = "top_scale";
    public const string BottomScale = "bottom_scale";
    public const string LeftScale = "left_scale";
    public const string RightScale = "right_scale";
    public const string UpscaleFactor = "upscale_factor";
    public const string IsSketch = "is_sketch";

    /// <summary>Every function-specific parameter, each valid for some functions only.</summary>
    public static readonly IReadOnlyList<string> AllParameters = [Strength, TopScale, BottomScale, LeftScale, RightScale, UpscaleFactor, IsSketch];

    public static readonly IReadOnlyList<EditFunction> All =
    [
        new("stylization_all", [Strength]),
        new("stylization_local", [Strength]),
        new("description_edit", [Strength]),
        new("description_edit_with_mask", [Strength], NeedsMask: true),
        new("remove_watermark", []),
        new("expand", [TopScale, BottomScale, LeftScale, RightScale]),
        new("super_resolution", [UpscaleFactor]),
        new("colorization", []),
        new("doodle", [IsSketch]),
        new("control_cartoon_feature", []),
    ];

    // The SDKs' docstrings and Java constant spell it "remove_watermaker" (API doc §13.5); clients built on them
    // send that, so it is taken as the same function.
    private static readonly FrozenDictionary<string, EditFunction> ByName = All
        .Select(f => KeyValuePair.Create(f.Name, f))
        .Append(KeyValuePair.Create("remove_watermaker", All.Single(f => f.Name == "remove_watermark")))
        .ToFrozenDictionary(StringComparer.Ordinal);

    public static EditFunction? Find(string name) => ByName.GetValueOrDefault(name);
}
