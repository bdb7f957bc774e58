namespace Bailian.Emulator.Inputs;

/// <summary>
/// The input formats the service names (API doc §5.2, §5.6, §5.8, §3.2). Which of them a model takes is its
/// <see cref="InputImageRule"/>; the format is always told from the file's signature, never from a MIME type or name.
/// </summary>
internal enum ImageFormat
{
    Png,
    Jpeg,
    Gif,
    Bmp,
    Webp,
    Tiff,
}
