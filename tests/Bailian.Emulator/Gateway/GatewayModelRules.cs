using System.Collections.Frozen;
using System.Globalization;
using Bailian.Emulator.Api;
using Bailian.Emulator.Generation;

namespace Bailian.Emulator.Gateway;

/// <summary>The gateway's <c>n</c>: from 1 (the default, seed 002 "默认值为1") to <paramref name="Max"/>.</summary>
internal sealed record GatewayCount(int Max)
{
    public string Reject(string model) => Max == 1
        ? $"The model {model} makes exactly 1 image: n must be 1."
        : string.Create(CultureInfo.InvariantCulture, $"The model {model} makes 1 to {Max} images: n must be between 1 and {Max}.");
}

/// <summary>What the gateway checks about one model, on top of the model's DashScope rule.</summary>
/// <param name="Name">The model id, the same as on DashScope.</param>
/// <param name="Sizes">How <c>size</c> is checked.</param>
/// <param name="Count">The allowed <c>n</c>.</param>
internal sealed record GatewayModelRule(string Name, GatewaySizes Sizes, GatewayCount Count);

/// <summary>A model as the gateway serves it: its gateway rule and the DashScope rule the call is forwarded under.</summary>
internal sealed record GatewayModel(GatewayModelRule Rule, ModelRule Upstream)
{
    public string Name => Rule.Name;
}

/// <summary>
/// The gateway's rule table, as data (seed 002, "重要提示" and "支持的参数"). A model the table does not name but the
/// DashScope side serves in Beijing (API doc §5) is served with <see cref="Others"/>; any other name is unknown.
/// </summary>
internal static class GatewayModelRules
{
    /// <summary>The region the gateway forwards to: its result URLs in the seed are Shanghai OSS, i.e. Beijing's.</summary>
    public const string UpstreamRegion = Regions.Beijing;

    /// <summary>At most this many <c>image</c> entries on <c>/images/edits</c> (the seed's 多图融合 example sends 3), and at least one.</summary>
    public const int MaxEditImages = 3;

    /// <summary>Longest <c>optimize_prompt_options.negative_prompt</c> ("长度不超过500字符"), in characters; longer is refused.</summary>
    public const int MaxNegativePromptChars = 500;

    // "1664x928 (16:9) / 1472x1140 (4:3) / 1328x1328 (1:1，默认) / 1140x1472 (3:4) / 928x1664 (9:16)", exactly; and
    // DashScope's own 4:3 pair (API doc §5.1, §13.1), which a client translating its DashScope sizes will send.
    private static readonly SeedSizes QwenImageSizes = new(
        new(1328, 1328),
        [new(1664, 928), new(1472, 1140), new(1328, 1328), new(1140, 1472), new(928, 1664)],
        [new(1472, 1104), new(1104, 1472)]);

    // "其他模型（如qwen-image-plus等）：固定输出1张图片".
    private static readonly GatewayCount One = new(1);

    /// <summary>Every model the table does not name: DashScope's sizes, one image.</summary>
    public static readonly GatewayModelRule Others = new("*", UpstreamSizes.Instance, One);

    private static readonly FrozenDictionary<string, GatewayModelRule> ByName = ((GatewayModelRule[])
    [
        // "model: 推荐 qwen-image-plus（更优惠），也支持 qwen-image".
        new("qwen-image-plus", QwenImageSizes, One),
        new("qwen-image", QwenImageSizes, One),

        // "qwen-image-edit-plus、qwen-image-edit-plus-2025-10-30：可选择输出1-6张图片".
        new("qwen-image-edit-plus", UpstreamSizes.Instance, new GatewayCount(6)),
        new("qwen-image-edit-plus-2025-10-30", UpstreamSizes.Instance, new GatewayCount(6)),

        // "qwen-image-edit：仅支持输出1张图片".
        new("qwen-image-edit", UpstreamSizes.Instance, One),
    ]).ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The model, or null when neither the table nor the DashScope side (in <see cref="UpstreamRegion"/>) knows it.</summary>
    public static GatewayModel? Find(string name)
    {
        if (ModelRules.Find(name, UpstreamRegion) is not { } upstream)
        {
            return null;
        }

        var rule = ByName.GetValueOrDefault(name) ?? Others with { Name = name };
        return new GatewayModel(rule, upstream);
    }
}
