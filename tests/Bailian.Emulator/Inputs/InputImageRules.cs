namespace Bailian.Emulator.Inputs;

/// <summary>The input-image rules of the models that take images, as data (API doc §5.2, §5.3, §5.6, §5.8, §3.2).</summary>
internal static class InputImageRules
{
    /// <summary>10 MB, the per-image limit of every model here (the decoded image, for a data URI: API doc §6).</summary>
    public const long TenMegabytes = 10L * 1024 * 1024;

    // JPG and JPEG are one format told apart only by a file name; the emulator reads signatures, not names.
    private static readonly ImageFormat[] WanFormats = [ImageFormat.Jpeg, ImageFormat.Png, ImageFormat.Bmp, ImageFormat.Webp];

    /// <summary>qwen-image-edit family (§5.2): JPG/JPEG/PNG/BMP/TIFF/WEBP/GIF, 384–3072 px. qwen-image-2.0 takes the same;
    /// its page (§5.3) names no limits of its own.</summary>
    public static readonly InputImageRule Qwen = new(
        [ImageFormat.Jpeg, ImageFormat.Png, ImageFormat.Bmp, ImageFormat.Tiff, ImageFormat.Webp, ImageFormat.Gif], TenMegabytes, 384, 3072);

    /// <summary>wan2.6-image (§5.6): the newer doc's 240–8000 px, not the older 384–5000 (§13.4).</summary>
    public static readonly InputImageRule Wan26 = new(WanFormats, TenMegabytes, 240, 8000);

    /// <summary>wan2.7 (§5.7): 20 MB, 240–8000 px, aspect ratio 1:8 to 8:1.</summary>
    public static readonly InputImageRule Wan27 = new(WanFormats, 2 * TenMegabytes, 240, 8000) { MaxAspectRatio = 8 };

    /// <summary>wan2.5-i2i-preview (§5.8).</summary>
    public static readonly InputImageRule Wan25 = new(WanFormats, TenMegabytes, 384, 5000);

    /// <summary>wanx2.1-imageedit's base and mask images (§3.2): 512–4096 px; S5 lists TIFF besides the Wan formats.</summary>
    public static readonly InputImageRule WanxImageEdit = new([.. WanFormats, ImageFormat.Tiff], TenMegabytes, 512, 4096);

    /// <summary>For models that take no images; never reached, since their image count is checked first.</summary>
    public static readonly InputImageRule None = new([], 0, 1, 1);
}
