using System.Buffers.Binary;

namespace Bailian.Emulator.Inputs;

/// <summary>
/// The size of a WebP from its first chunk: <c>VP8 </c> (lossy key frame), <c>VP8L</c> (lossless) or <c>VP8X</c>
/// (extended, whose canvas is the image's size).
/// </summary>
internal static class WebpHeader
{
    private const int Payload = 20; // "RIFF" size "WEBP" fourcc chunk-size

    public static bool TryRead(ReadOnlySpan<byte> file, out int width, out int height)
    {
        width = height = 0;
        if (file.Length < Payload)
        {
            return false;
        }

        var chunk = file[12..16];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // 3-byte frame tag (bit 0 clear on a key frame), the start code 9D 01 2A, then 14-bit sides.
            if (file.Length < Payload + 10 || (file[Payload] & 1) != 0 || !file[(Payload + 3)..(Payload + 6)].SequenceEqual((ReadOnlySpan<byte>)[0x9D, 0x01, 0x2A]))
            {
                return false;
            }

            width = BinaryPrimitives.ReadUInt16LittleEndian(file[(Payload + 6)..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(file[(Payload + 8)..]) & 0x3FFF;
            return true;
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            // The signature byte 0x2F, then width-1 and height-1 in 14 bits each, least significant bit first.
            if (file.Length < Payload + 5 || file[Payload] != 0x2F)
            {
                return false;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(file[(Payload + 1)..]);
            width = (int)(bits & 0x3FFF) + 1;
            height = (int)((bits >> 14) & 0x3FFF) + 1;
            return true;
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Flags (1) and reserved (3) bytes, then canvas width-1 and height-1 in 24 bits each.
            if (file.Length < Payload + 10)
            {
                return false;
            }

            width = ReadUInt24(file[(Payload + 4)..]) + 1;
            height = ReadUInt24(file[(Payload + 7)..]) + 1;
            return true;
        }

        return false;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);
}
