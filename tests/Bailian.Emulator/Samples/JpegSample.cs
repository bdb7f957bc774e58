using System.Buffers.Binary;

namespace Bailian.Emulator.Samples;

/// <summary>
/// A baseline grayscale JPEG that any decoder reads: SOI, APP0 (JFIF), DQT, SOF0, DHT, SOS, entropy data, EOI. Every
/// 8x8 block is a flat mid-grey, coded as "DC unchanged, end of block" in four bits, so the file stays tiny at any
/// size (a 4096*4096 image is 128 KB).
/// </summary>
internal static class JpegSample
{
    public const int MaxSide = ushort.MaxValue;

    public static byte[] Write(int width, int height)
    {
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]); // version 1.1, 1:1 aspect, no thumbnail
        Segment(jpeg, 0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]);  // 8-bit table 0, every step 1
        var frame = new byte[] { 8, 0, 0, 0, 0, 1, 1, 0x11, 0 };           // 8-bit, H, W, one component: id 1, 1x1, table 0
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(3), (ushort)width);
        Segment(jpeg, 0xC0, frame);

        // One Huffman code each, both 2 bits long ("00"): DC category 0 and AC end-of-block. A single code of
        // length 2 rather than 1 keeps clear of decoders that dislike one-bit tables.
        byte[] single = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00];
        Segment(jpeg, 0xC4, [0x00, .. single, 0x10, .. single]);
        Segment(jpeg, 0xDA, [1, 1, 0x00, 0, 63, 0]); // one component, tables 0/0, spectral 0–63, no approximation

        // Four zero bits per block; a final half byte is padded with ones, as the standard asks. No byte is 0xFF,
        // so nothing needs stuffing.
        var blocks = (long)((width + 7) / 8) * ((height + 7) / 8);
        jpeg.Write(new byte[blocks / 2]);
        if (blocks % 2 == 1)
        {
            jpeg.WriteByte(0x0F);
        }

        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private static void Segment(Stream jpeg, byte marker, ReadOnlySpan<byte> data)
    {
        Span<byte> head = [0xFF, marker, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(head[2..], (ushort)(data.Length + 2));
        jpeg.Write(head);
        jpeg.Write(data);
    }
}
