using Bailian.Emulator.Api;
using Bailian.Emulator.Inputs;

namespace Bailian.Emulator.Generation;

/// <summary>
/// qwen-image-3.0 and wan2.7 (API doc §5.4, §5.7), rows of <see cref="ModelRules"/>. Where the doc is unsure
/// (§13.6, §13.7) the emulator picks one reading, named at each row.
/// </summary>
internal static class NewestModelRules
{
    // Not ModelRules.BeijingAndSingapore: that class reads this one while it initialises.
    private static readonly string[] BeijingAndSingapore = [Regions.Beijing, Regions.Singapore];

    // §5.4: 0–3 images, total pixels 512²–2048² (S3, not the third-party 262,144–6,553,600), n 1–6, prompt_extend_mode
    // direct|agent with agent refused with images. The doc's default is "chosen from the prompt or input": the
    // emulator answers 2048*2048 for text, and the last input's ratio at that many pixels for edits. Image limits are
    // qwen-image-2.0's (S3 names none for 3.0). Sync and async (§3.3).
    private static readonly ModelRule QwenImage3 = new(
        "qwen-image-3.0",
        ResponseStyle.Qwen,
        BeijingAndSingapore,
        new PixelRange(new(2048, 2048), Min: new(512, 512), Max: new(2048, 2048)),
        new CountRule(1, 6, 1),
        MaxPromptChars: 800,
        MaxNegativePromptChars: 500,
        MaxImages: 3)
    {
        ServesAsync = true,
        Inputs = InputImageRules.Qwen,
        FollowsInputRatio = true,
        Options = new OptionRules { PromptExtendModes = ["direct", "agent"], TextOnlyPromptExtendModes = ["agent"] },
    };

    // §5.7: 0–9 images (20 MB, 240–8000 px, 1:8–8:1), 1K/2K (default 2K) or W*H in [768², 2048²], n 1–4 or 1–12 with
    // enable_sequential, thinking_mode, bbox_list (≤ 2 per image), color_palette (3–10). The default n is 4 here (one
    // of the two readings, §13.7: the costlier, so a client that leaves n out is caught). negative_prompt and
    // prompt_extend are not in the platform doc: refused.
    private static readonly ModelRule Wan27 = new(
        "wan2.7-image",
        ResponseStyle.Wan,
        BeijingAndSingapore,
        new PixelRange(new(2048, 2048), Min: new(768, 768), Max: new(2048, 2048))
        {
            Names = new Dictionary<string, ImageSize>(StringComparer.Ordinal) { ["1K"] = new(1024, 1024), ["2K"] = new(2048, 2048) },
        },
        new CountRule(1, 4, 4),
        MaxPromptChars: 5000,
        MaxNegativePromptChars: 0,
        MaxImages: 9)
    {
        ServesAsync = true,
        Inputs = InputImageRules.Wan27,
        FollowsInputRatio = true,
        UnsupportedParameters = ["negative_prompt", "prompt_extend"],
        Options = new OptionRules
        {
            ThinkingMode = true,
            SequentialCount = new CountRule(1, 12, 4),
            MaxBoxesPerImage = 2,
            PaletteEntries = (3, 10),
        },
    };

    // 4K (4096*4096) for the pro model's text to image only (§5.7).
    private static readonly ModelRule Wan27Pro = Wan27 with
    {
        Name = "wan2.7-image-pro",
        Size = new PixelRange(new(2048, 2048), Min: new(768, 768), Max: new(2048, 2048))
        {
            Names = new Dictionary<string, ImageSize>(StringComparer.Ordinal)
            {
                ["1K"] = new(1024, 1024), ["2K"] = new(2048, 2048), ["4K"] = new(4096, 4096),
            },
        },
        Options = Wan27.Options with { TextOnlySizeNames = ["4K"] },
    };

    public static readonly IReadOnlyList<ModelRule> All =
    [
        QwenImage3,
        QwenImage3 with { Name = "qwen-image-3.0-pro" },
        Wan27,
        Wan27Pro,
    ];
}
