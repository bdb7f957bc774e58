using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Bailian.Emulator.Results;

/// <summary>
/// Renders a real PNG (8-bit RGB) of the requested size: diagonal stripes over a gradient, colours and slant taken
/// from a hash of the spec. Every row is a window onto one precomputed strip, so rendering is a memory copy per
/// row and the rows compress to almost nothing: 2048*2048 costs tens of milliseconds, not seconds.
/// </summary>
internal static class PngRenderer
{
    private const int BytesPerPixel = 3;
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Render(ImageSpec spec)
    {
        var (width, height) = (spec.Size.Width, spec.Size.Height);
        // Inputs join the hash only when there are some, so text-to-image results stay what they always were.
        var text = string.Create(CultureInfo.InvariantCulture, $"{spec.Prompt}\n{spec.Seed}\n{spec.Index}\n{spec.Size}");
        if (spec.Inputs != 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"\n{spec.Inputs:x16}");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var slant = hash[7] % 3; // pixels each row shifts by: 0 gives vertical stripes
        var strip = RenderStrip(hash, width + (height * slant));

        using var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour (RGB)
        WriteChunk(png, "IHDR"u8, header); // compression, filter and interlace bytes stay 0
        WriteChunk(png, "IDAT"u8, Compress(strip, width, height, slant));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static byte[] RenderStrip(byte[] hash, int pixels)
    {
        var strip = new byte[pixels * BytesPerPixel];
        var stripe = 12 + (hash[6] % 40);
        for (var i = 0; i < pixels; i++)
        {
            var shade = (i / stripe) % 2 == 0 ? 16 : 12; // alternate bands at 12/16 brightness
            for (var c = 0; c < BytesPerPixel; c++)
            {
                int from = hash[c], to = hash[c + 3];
                var value = from + ((to - from) * i / Math.Max(1, pixels - 1));
                strip[(i * BytesPerPixel) + c] = (byte)(value * shade / 16);
            }
        }

        return strip;
    }

    private static byte[] Compress(byte[] strip, int width, int height, int slant)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + (width * BytesPerPixel)]; // row[0] = 0: filter type None
            for (var y = 0; y < height; y++)
            {
                strip.AsSpan(y * slant * BytesPerPixel, width * BytesPerPixel).CopyTo(row.AsSpan(1));
                zlib.Write(row);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Append(0, type), data));
        png.Write(word);
    }
}
