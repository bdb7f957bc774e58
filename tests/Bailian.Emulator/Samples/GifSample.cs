using System.Buffers.Binary;

namespace Bailian.Emulator.Samples;

/// <summary>
/// A GIF89a of one black frame covering the whole screen. The LZW stream sends a clear code before every two
/// pixels, so codes stay 3 bits wide and no dictionary is needed: valid for every decoder, 4.5 bits a pixel.
/// </summary>
internal static class GifSample
{
    public const int MaxSide = ushort.MaxValue;

    private const int MinCodeSize = 2; // the smallest GIF allows; codes start 3 bits wide
    private const int Clear = 1 << MinCodeSize;
    private const int EndOfInformation = Clear + 1;
    private const int CodeBits = MinCodeSize + 1;

    public static byte[] Write(int width, int height)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Span<byte> sides = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(sides, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(sides[2..], (ushort)height);
        gif.Write(sides);
        gif.Write([0x80, 0, 0]);                   // a global colour table of 2 entries; background 0; no aspect
        gif.Write([0, 0, 0, 0xFF, 0xFF, 0xFF]);    // black, white
        gif.Write([0x2C, 0, 0, 0, 0]);             // image descriptor at 0,0
        gif.Write(sides);
        gif.WriteByte(0);                          // no local table, not interlaced
        gif.WriteByte(MinCodeSize);
        WriteSubBlocks(gif, Codes((long)width * height));
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    // After a clear code a decoder adds one dictionary entry per code past the first; two pixels per clear add one
    // (entry 6), never reaching 8, where the code width would grow.
    private static byte[] Codes(long pixels)
    {
        var bits = new BitWriter();
        for (var sent = 0L; sent < pixels; sent += 2)
        {
            bits.Write(Clear, CodeBits);
            bits.Write(0, CodeBits);
            if (sent + 1 < pixels)
            {
                bits.Write(0, CodeBits);
            }
        }

        bits.Write(EndOfInformation, CodeBits);
        return bits.ToArray();
    }

    private static void WriteSubBlocks(Stream gif, byte[] data)
    {
        for (var at = 0; at < data.Length; at += 255)
        {
            var length = Math.Min(255, data.Length - at);
            gif.WriteByte((byte)length);
            gif.Write(data, at, length);
        }

        gif.WriteByte(0); // block terminator
    }
}
