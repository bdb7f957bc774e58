using System.Collections.Frozen;
using System.Globalization;
using Bailian.Emulator.Api;
using Bailian.Emulator.Inputs;

namespace Bailian.Emulator.Generation;

/// <summary>Which of the two success-body shapes of API doc §2.2 a model answers with.</summary>
internal enum ResponseStyle
{
    /// <summary>§2.2 A: <c>task_metric</c> and <c>usage{width,height,image_count}</c>.</summary>
    Qwen,

    /// <summary>§2.2 C: content items typed <c>image</c>, <c>finished</c>, and token-style <c>usage</c>.</summary>
    Wan,
}

/// <summary>The allowed <c>n</c> and its default when absent.</summary>
internal sealed record CountRule(int Min, int Max, int Default, string? RejectMessage = null)
{
    public string Reject => RejectMessage
        ?? string.Create(CultureInfo.InvariantCulture, $"The parameter n must be an integer between {Min} and {Max}.");
}

/// <summary>Everything the emulator checks about one model on one protocol (the sync/new one, or the old async one).</summary>
/// <param name="Name">The model id as sent.</param>
/// <param name="Style">The success-body shape.</param>
/// <param name="Regions">Where the model is served (API doc §1.2); elsewhere it does not exist.</param>
/// <param name="Size">Accepted sizes and the default.</param>
/// <param name="Count">Accepted <c>n</c> and the default.</param>
/// <param name="MaxPromptChars">Longer prompts are silently truncated, not rejected (API doc §5).</param>
/// <param name="MaxNegativePromptChars">Likewise for <c>negative_prompt</c>.</param>
/// <param name="MinImages">Fewest <c>{"image"}</c> content items.</param>
/// <param name="MaxImages">Most <c>{"image"}</c> content items; 0 for text-to-image only.</param>
internal sealed record ModelRule(
    string Name,
    ResponseStyle Style,
    IReadOnlyList<string> Regions,
    SizeRule Size,
    CountRule Count,
    int MaxPromptChars,
    int MaxNegativePromptChars,
    int MinImages = 0,
    int MaxImages = 0)
{
    /// <summary>Whether the new-protocol async endpoint (API doc §3.3) serves the model too.</summary>
    public bool ServesAsync { get; init; }

    /// <summary>Which input images the model takes (formats, bytes, sides); irrelevant when <see cref="MaxImages"/> is 0.</summary>
    public InputImageRule Inputs { get; init; } = InputImageRules.None;

    /// <summary>
    /// Whether, with input images, a size not given as <c>W*H</c> keeps the last input's aspect ratio at the default's
    /// (or the named size's) pixel count, as the editing models do (API doc §5.2, §5.3, §5.6, §5.8).
    /// </summary>
    public bool FollowsInputRatio { get; init; }

    /// <summary><c>parameters</c> the model refuses outright (400 "not supported by this model"), e.g. qwen-image-edit's size.</summary>
    public IReadOnlyList<string> UnsupportedParameters { get; init; } = [];

    /// <summary>Whether the model edits one base image by <c>input.function</c> (wanx2.1-imageedit, API doc §3.2).</summary>
    public bool FunctionEdit { get; init; }

    /// <summary>The model-specific parameters it takes (prompt_extend_mode, thinking_mode, bbox_list, ...): none by default.</summary>
    public OptionRules Options { get; init; } = OptionRules.None;
}

/// <summary>
/// The models the emulator serves, as data: a new model is a row (often a snapshot <c>with</c> a new name),
/// not a new branch in the endpoint.
/// </summary>
internal static class ModelRules
{
    public static readonly IReadOnlyList<string> BeijingAndSingapore = [Regions.Beijing, Regions.Singapore];
    private static readonly string[] Everywhere = [Regions.Beijing, Regions.Singapore, Regions.Virginia];

    // API doc §5.5/§5.6: wan2.5 and wan2.6 text-to-image share these. The doc's recommended sizes 1104*1472 and
    // 960*1696 (and their transposes) are a little under its own 1280*1280 minimum; being the service's
    // recommendations, they are accepted.
    public static readonly SizeRule WanPixelSizes =
        new PixelRange(new(1280, 1280), Min: new(1280, 1280), Max: new(1440, 1440), MaxRatio: 4)
        {
            AlsoAccepted = [new(1104, 1472), new(1472, 1104), new(960, 1696), new(1696, 960)],
        };

    // API doc §5.1. n is fixed; the message is the service's own. The old async protocol serves it too (§3.1).
    public static readonly ModelRule QwenImage = new(
        "qwen-image",
        ResponseStyle.Qwen,
        BeijingAndSingapore,
        new FixedSizes(new(1664, 928), [new(1664, 928), new(1472, 1104), new(1328, 1328), new(1104, 1472), new(928, 1664)]),
        new CountRule(1, 1, 1, "num_images_per_prompt must be 1"),
        MaxPromptChars: 800,
        MaxNegativePromptChars: 500);

    // API doc §5.3: text-to-image and editing with up to three input images; with images, the default size keeps
    // the last input's ratio at about the text-to-image default's pixels.
    private static readonly ModelRule QwenImage2 = new(
        "qwen-image-2.0",
        ResponseStyle.Qwen,
        BeijingAndSingapore,
        new PixelRange(new(2048, 2048), Min: new(512, 512), Max: new(2048, 2048)),
        new CountRule(1, 6, 1),
        MaxPromptChars: 800,
        MaxNegativePromptChars: 500,
        MaxImages: 3)
    {
        Inputs = InputImageRules.Qwen,
        FollowsInputRatio = true,
    };

    // API doc §5.6. n defaults to 4 when absent, which is what the service bills. Also async, new protocol (§3.3).
    private static readonly ModelRule Wan26T2I = new(
        "wan2.6-t2i",
        ResponseStyle.Wan,
        Everywhere,
        WanPixelSizes,
        new CountRule(1, 4, 4),
        MaxPromptChars: 2100,
        MaxNegativePromptChars: 500)
    {
        ServesAsync = true,
    };

    // API doc §5.6, edit mode (1–4 input images). 1K/2K and the default keep the last input image's ratio at their
    // pixel count; W*H is taken as given. The 1K default is the emulator's choice.
    private static readonly ModelRule Wan26Image = new(
        "wan2.6-image",
        ResponseStyle.Wan,
        Everywhere,
        new PixelRange(new(1024, 1024), Min: new(768, 768), Max: new(2048, 2048))
        {
            Names = new Dictionary<string, ImageSize>(StringComparer.Ordinal) { ["1K"] = new(1024, 1024), ["2K"] = new(2048, 2048) },
        },
        new CountRule(1, 4, 4),
        MaxPromptChars: 2000,
        MaxNegativePromptChars: 500,
        MinImages: 1,
        MaxImages: 4)
    {
        ServesAsync = true,
        Inputs = InputImageRules.Wan26,
        FollowsInputRatio = true,
        Options = new OptionRules { Interleave = new InterleaveRule(new CountRule(1, 5, 5), MaxInputImages: 1) },
    };

    private static readonly FrozenDictionary<string, ModelRule> ByName = ((ModelRule[])
    [
        .. NewestModelRules.All,
        QwenImage,
        QwenImage with { Name = "qwen-image-plus" },
        QwenImage with { Name = "qwen-image-plus-2026-01-09" },
        QwenImage with { Name = "qwen-image-max" },
        QwenImage with { Name = "qwen-image-max-2025-12-30" },
        QwenImage2,
        QwenImage2 with { Name = "qwen-image-2.0-2026-03-03" },
        QwenImage2 with { Name = "qwen-image-2.0-pro" },
        QwenImage2 with { Name = "qwen-image-2.0-pro-2026-03-03" },
        QwenImage2 with { Name = "qwen-image-2.0-pro-2026-04-22" },
        Wan26T2I,
        Wan26Image,
        .. EditModelRules.All,
    ]).ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The model as served in <paramref name="regionId"/>; null when unknown or not served there.</summary>
    public static ModelRule? Find(string name, string regionId) =>
        ByName.TryGetValue(name, out var rule) && rule.Regions.Contains(regionId) ? rule : null;

    /// <summary>
    /// The sync endpoint's lookup as a <see cref="ModelResolver"/>: a model not served in the region does not exist.
    /// </summary>
    public static ModelRule? Resolve(string name, string regionId, out ApiError? error)
    {
        var rule = Find(name, regionId);
        error = rule is null ? ApiError.ModelNotFound : null;
        return rule;
    }
}
