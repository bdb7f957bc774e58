using Bailian.Emulator.Generation;
using Bailian.Emulator.Results;
using Bailian.Emulator.Samples;

namespace Bailian.Emulator;

/// <summary>
/// Small but structurally valid image files of a given size, for tests that send input images (as data URIs or
/// uploads) without image tools. Only <see cref="Png"/> has a picture; the others are one flat colour, written so
/// that they stay small at any size.
/// </summary>
public static class TestImages
{
    /// <summary>An 8-bit RGB PNG rendered like the emulator's results; <paramref name="seed"/> picks its colours.</summary>
    public static byte[] Png(int width, int height, int seed = 0)
    {
        CheckSides(width, height, int.MaxValue);
        return PngRenderer.Render(new ImageSpec("Bailian.Emulator test image", seed, 0, new ImageSize(width, height)));
    }

    /// <summary>A baseline JPEG (SOI, APP0/JFIF, DQT, SOF0, DHT, SOS, EOI), flat grey; each side at most 65535.</summary>
    public static byte[] Jpeg(int width, int height)
    {
        CheckSides(width, height, JpegSample.MaxSide);
        return JpegSample.Write(width, height);
    }

    /// <summary>A GIF89a with one black frame; each side at most 65535.</summary>
    public static byte[] Gif(int width, int height)
    {
        CheckSides(width, height, GifSample.MaxSide);
        return GifSample.Write(width, height);
    }

    /// <summary>An uncompressed 1-bit BMP, black.</summary>
    public static byte[] Bmp(int width, int height)
    {
        CheckSides(width, height, int.MaxValue);
        return BmpSample.Write(width, height);
    }

    /// <summary>A lossless (VP8L) WebP, opaque black; each side at most 16384.</summary>
    public static byte[] Webp(int width, int height)
    {
        CheckSides(width, height, WebpSample.MaxSide);
        return WebpSample.Write(width, height);
    }

    /// <summary>A baseline bilevel TIFF, uncompressed, black.</summary>
    public static byte[] Tiff(int width, int height)
    {
        CheckSides(width, height, int.MaxValue);
        return TiffSample.Write(width, height);
    }

    private static void CheckSides(int width, int height, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, max);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, max);
    }
}
