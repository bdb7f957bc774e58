using System.Buffers.Binary;

namespace Bailian.Emulator.Inputs;

/// <summary>
/// An input image's format and pixel size, read from its first bytes only: the emulator checks what the service
/// checks (format, dimensions, bytes) without decoding a single pixel.
/// </summary>
internal readonly record struct ImageHeader(ImageFormat Format, int Width, int Height)
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format whose signature <paramref name="file"/> starts with; null when it is none of them.</summary>
    public static ImageFormat? Detect(ReadOnlySpan<byte> file) =>
        file.StartsWith(PngSignature) ? ImageFormat.Png
        : file.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? ImageFormat.Jpeg
        : file.StartsWith("GIF87a"u8) || file.StartsWith("GIF89a"u8) ? ImageFormat.Gif
        : file.StartsWith("BM"u8) ? ImageFormat.Bmp
        : file.Length >= 12 && file.StartsWith("RIFF"u8) && file[8..12].SequenceEqual("WEBP"u8) ? ImageFormat.Webp
        : file.StartsWith("II*\0"u8) || file.StartsWith("MM\0*"u8) ? ImageFormat.Tiff
        : null;

    /// <summary>Reads the size of a file of <paramref name="format"/>; false when its header is cut short or damaged.</summary>
    public static bool TryRead(ReadOnlySpan<byte> file, ImageFormat format, out ImageHeader header)
    {
        int width, height;
        var read = format switch
        {
            ImageFormat.Png => TryReadPng(file, out width, out height),
            ImageFormat.Jpeg => JpegHeader.TryRead(file, out width, out height),
            ImageFormat.Gif => TryReadGif(file, out width, out height),
            ImageFormat.Bmp => TryReadBmp(file, out width, out height),
            ImageFormat.Webp => WebpHeader.TryRead(file, out width, out height),
            _ => TiffHeader.TryRead(file, out width, out height),
        };
        header = new ImageHeader(format, width, height);
        return read && width > 0 && height > 0;
    }

    public override string ToString() => $"{Width}*{Height}";

    // The IHDR chunk must come first, right after the signature.
    private static bool TryReadPng(ReadOnlySpan<byte> file, out int width, out int height)
    {
        width = height = 0;
        if (file.Length < 24 || BinaryPrimitives.ReadUInt32BigEndian(file[8..]) != 13 || !file[12..16].SequenceEqual("IHDR"u8))
        {
            return false;
        }

        width = BinaryPrimitives.ReadInt32BigEndian(file[16..]);
        height = BinaryPrimitives.ReadInt32BigEndian(file[20..]);
        return true;
    }

    // The logical screen, which every frame is drawn on, is the image's size.
    private static bool TryReadGif(ReadOnlySpan<byte> file, out int width, out int height)
    {
        width = height = 0;
        if (file.Length < 10)
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(file[6..]);
        height = BinaryPrimitives.ReadUInt16LittleEndian(file[8..]);
        return true;
    }

    // BITMAPCOREHEADER (12 bytes) has 16-bit sides; every later header 32-bit ones, the height negative for top-down rows.
    private static bool TryReadBmp(ReadOnlySpan<byte> file, out int width, out int height)
    {
        width = height = 0;
        if (file.Length < 26)
        {
            return false;
        }

        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(file[14..]);
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(file[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(file[20..]);
            return true;
        }

        if (headerSize < 40 || headerSize > 124)
        {
            return false;
        }

        width = BinaryPrimitives.ReadInt32LittleEndian(file[18..]);
        height = BinaryPrimitives.ReadInt32LittleEndian(file[22..]);
        height = height == int.MinValue ? 0 : Math.Abs(height);
        return true;
    }
}
