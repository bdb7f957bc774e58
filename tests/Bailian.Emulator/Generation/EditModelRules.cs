using Bailian.Emulator.Api;
using Bailian.Emulator.Inputs;

namespace Bailian.Emulator.Generation;

/// <summary>
/// The qwen-image-edit models of the sync endpoint (API doc §5.2), rows of <see cref="ModelRules"/>. Their output
/// defaults to about 1024*1024 pixels at the last input image's aspect ratio.
/// </summary>
internal static class EditModelRules
{
    // Not ModelRules.BeijingAndSingapore: that class reads this one while it initialises.
    private static readonly string[] BeijingAndSingapore = [Regions.Beijing, Regions.Singapore];

    // max/plus: n 1–6, size W*H with each side in [512, 2048], prompt_extend (API doc §5.2).
    private static readonly ModelRule EditPlus = new(
        "qwen-image-edit-plus",
        ResponseStyle.Qwen,
        BeijingAndSingapore,
        new SideRange(new(1024, 1024), MinSide: 512, MaxSide: 2048),
        new CountRule(1, 6, 1),
        MaxPromptChars: 800,
        MaxNegativePromptChars: 500,
        MinImages: 1,
        MaxImages: 3)
    {
        Inputs = InputImageRules.Qwen,
        FollowsInputRatio = true,
    };

    // The original model: one image out, no size and no prompt_extend. The n message is the qwen family's own.
    private static readonly ModelRule Edit = EditPlus with
    {
        Name = "qwen-image-edit",
        Count = new CountRule(1, 1, 1, "num_images_per_prompt must be 1"),
        UnsupportedParameters = ["size", "prompt_extend"],
    };

    public static readonly IReadOnlyList<ModelRule> All =
    [
        EditPlus,
        EditPlus with { Name = "qwen-image-edit-plus-2025-12-15" },
        EditPlus with { Name = "qwen-image-edit-plus-2025-10-30" },
        EditPlus with { Name = "qwen-image-edit-max" },
        EditPlus with { Name = "qwen-image-edit-max-2026-01-16" },
        Edit,
    ];
}
