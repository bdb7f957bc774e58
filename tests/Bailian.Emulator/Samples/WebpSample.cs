using System.Buffers.Binary;

namespace Bailian.Emulator.Samples;

/// <summary>
/// A lossless (VP8L) WebP of one opaque black colour. Each of the five prefix codes is a "simple" code with a single
/// symbol, which costs no bits per pixel: the whole image is its header and about 30 bits, at any size.
/// </summary>
internal static class WebpSample
{
    /// <summary>VP8L stores each side minus one in 14 bits.</summary>
    public const int MaxSide = 1 << 14;

    public static byte[] Write(int width, int height)
    {
        var bits = new BitWriter();
        bits.Write(width - 1, 14);
        bits.Write(height - 1, 14);
        bits.Write(0, 1); // alpha_is_used: a hint only; every pixel is opaque anyway
        bits.Write(0, 3); // version
        bits.Write(0, 1); // no transform
        bits.Write(0, 1); // no colour cache
        bits.Write(0, 1); // no meta prefix codes
        SingleSymbol(bits, 0);   // green
        SingleSymbol(bits, 0);   // red
        SingleSymbol(bits, 0);   // blue
        SingleSymbol(bits, 255); // alpha
        SingleSymbol(bits, 0);   // distance (never used)

        byte[] payload = [0x2F, .. bits.ToArray()];
        var padded = payload.Length + (payload.Length % 2); // chunks are padded to an even length
        var webp = new byte[20 + padded];
        var span = webp.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], webp.Length - 8);
        "WEBP"u8.CopyTo(span[8..]);
        "VP8L"u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], payload.Length);
        payload.CopyTo(span[20..]);
        return webp;
    }

    // A simple prefix code: 1 (simple), 0 (one symbol), then the symbol in 1 bit when it is 0 or 1, else in 8.
    private static void SingleSymbol(BitWriter bits, int symbol)
    {
        bits.Write(1, 1);
        bits.Write(0, 1);
        var wide = symbol > 1;
        bits.Write(wide ? 1 : 0, 1);
        bits.Write(symbol, wide ? 8 : 1);
    }
}
