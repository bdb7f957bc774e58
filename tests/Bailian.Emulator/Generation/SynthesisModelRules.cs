using System.Collections.Frozen;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Generation;

/// <summary>
/// The models of the old-protocol async endpoint <c>text2image/image-synthesis</c> (API doc §3.1, §5.1, §5.5), as
/// data like <see cref="ModelRules"/>. The response shape is the old protocol's for all of them, so
/// <see cref="ModelRule.Style"/> only records the family.
/// </summary>
internal static class SynthesisModelRules
{
    private static readonly string[] BeijingOnly = [Regions.Beijing];
    private static readonly string[] SingaporeOnly = [Regions.Singapore];

    // n defaults to 4 when absent for every Wan model here: four billed images (API doc §5.5).
    private static readonly CountRule WanCount = new(1, 4, 4);

    private static readonly ModelRule Wan25 = new(
        "wan2.5-t2i-preview",
        ResponseStyle.Wan,
        ModelRules.BeijingAndSingapore,
        ModelRules.WanPixelSizes,
        WanCount,
        MaxPromptChars: 2000,
        MaxNegativePromptChars: 500);

    private static readonly ModelRule Wan22 = new(
        "wan2.2-t2i-flash",
        ResponseStyle.Wan,
        ModelRules.BeijingAndSingapore,
        new SideRange(new(1024, 1024), MinSide: 512, MaxSide: 1440),
        WanCount,
        MaxPromptChars: 500,
        MaxNegativePromptChars: 500);

    private static readonly FrozenDictionary<string, ModelRule> ByName = new[]
    {
        Wan25,
        Wan22,
        Wan22 with { Name = "wan2.2-t2i-plus" },

        // One model, two names: Beijing calls it wanx2.1, Singapore wan2.1 (API doc §1.2); the other region's
        // name does not exist there.
        Wan22 with { Name = "wanx2.1-t2i-turbo", Regions = BeijingOnly },
        Wan22 with { Name = "wanx2.1-t2i-plus", Regions = BeijingOnly },
        Wan22 with { Name = "wan2.1-t2i-turbo", Regions = SingaporeOnly },
        Wan22 with { Name = "wan2.1-t2i-plus", Regions = SingaporeOnly },
        Wan22 with { Name = "wanx2.0-t2i-turbo", Regions = BeijingOnly, MaxPromptChars = 800 },

        // The first Wan model, Beijing only (API doc §1.2, §3.1). The doc gives it no limits of its own: the emulator
        // takes wanx2.0's. Bailian's catalog leaves it out, so it is what -EndpointFamily is tested against.
        Wan22 with { Name = "wanx-v1", Regions = BeijingOnly, MaxPromptChars = 800 },

        // The only qwen models with async support (API doc §5.1: "当前仅qwen-image-plus、qwen-image模型支持异步接口调用").
        ModelRules.QwenImage,
        ModelRules.QwenImage with { Name = "qwen-image-plus" },
    }.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);

    public static bool Contains(string name) => ByName.ContainsKey(name);

    /// <summary>The model as served in <paramref name="regionId"/>; null when unknown or not served there.</summary>
    public static ModelRule? Find(string name, string regionId) =>
        ByName.TryGetValue(name, out var rule) && rule.Regions.Contains(regionId) ? rule : null;
}
