using System.Collections.Frozen;
using Bailian.Emulator.Api;
using Bailian.Emulator.Generation;
using Bailian.Emulator.Inputs;

namespace Bailian.Emulator.Editing;

/// <summary>The models of the old-protocol async endpoint <c>image2image/image-synthesis</c> (API doc §3.2, §5.8, §5.9), as data.</summary>
internal static class ImageToImageModelRules
{
    private static readonly string[] BeijingOnly = [Regions.Beijing];

    // API doc §5.8: 1–3 images; the default output keeps the last one's ratio at about 1280*1280; n defaults to 4.
    private static readonly ModelRule Wan25 = new(
        "wan2.5-i2i-preview",
        ResponseStyle.Wan,
        ModelRules.BeijingAndSingapore,
        new PixelRange(new(1280, 1280), Min: new(768, 768), Max: new(1280, 1280), MaxRatio: 4),
        new CountRule(1, 4, 4),
        MaxPromptChars: 2000,
        MaxNegativePromptChars: 500,
        MinImages: 1,
        MaxImages: 3)
    {
        Inputs = InputImageRules.Wan25,
        FollowsInputRatio = true,
    };

    // API doc §3.2, §1.2: Beijing only. One base image (and a mask for one function); the output size is the
    // function's, so a size parameter is refused rather than silently ignored. n defaults to 1 here. S5 limits
    // the prompt to 800 characters.
    private static readonly ModelRule WanxImageEdit = new(
        "wanx2.1-imageedit",
        ResponseStyle.Wan,
        BeijingOnly,
        new SideRange(new(1024, 1024), MinSide: 512, MaxSide: 4096),
        new CountRule(1, 4, 1),
        MaxPromptChars: 800,
        MaxNegativePromptChars: 500,
        MinImages: 1,
        MaxImages: 2)
    {
        Inputs = InputImageRules.WanxImageEdit,
        FunctionEdit = true,
        UnsupportedParameters = ["size"],
    };

    private static readonly FrozenDictionary<string, ModelRule> ByName =
        new[] { Wan25, WanxImageEdit }.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The model as served in <paramref name="regionId"/>; null when unknown or not served there.</summary>
    public static ModelRule? Find(string name, string regionId) =>
        ByName.TryGetValue(name, out var rule) && rule.Regions.Contains(regionId) ? rule : null;
}
