using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace Bailian.Tests.Support;

/// <summary>
/// A strict reader for the emulator's PNGs: signature, every chunk CRC, IHDR, and the decompressed scanlines.
/// Written independently of the emulator's encoder (bitwise CRC, no shared code), so it can disagree with it.
/// </summary>
public sealed record PngFile(int Width, int Height, int BitDepth, int ColorType)
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static PngFile Parse(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(Signature), "PNG signature");
        var offset = 8;
        var chunks = new List<string>();
        PngFile? header = null;
        using var idat = new MemoryStream();
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(Crc(png.AsSpan(offset + 4, 4 + length)), crc);
            chunks.Add(type);
            if (type == "IHDR")
            {
                Assert.Equal(13, length);
                header = new PngFile(
                    BinaryPrimitives.ReadInt32BigEndian(data),
                    BinaryPrimitives.ReadInt32BigEndian(data[4..]),
                    data[8],
                    data[9]);
                Assert.True(data[10..13].SequenceEqual(new byte[3]), "compression, filter and interlace methods are 0");
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        Assert.Equal(png.Length, offset);
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        Assert.NotNull(header);
        CheckScanlines(idat.ToArray(), header);
        return header;
    }

    /// <summary>The chunk types in file order, e.g. <c>IHDR, IDAT, IEND</c>.</summary>
    public static IReadOnlyList<string> ChunkTypes(byte[] png)
    {
        var types = new List<string>();
        for (var offset = 8; offset < png.Length; offset += 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset)))
        {
            types.Add(Encoding.ASCII.GetString(png, offset + 4, 4));
        }

        return types;
    }

    /// <summary>The decompressed scanlines (each with its filter byte): what the image decodes to.</summary>
    public static byte[] Scanlines(byte[] png)
    {
        using var idat = new MemoryStream();
        for (var offset = 8; offset < png.Length; offset += 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset)))
        {
            if (Encoding.ASCII.GetString(png, offset + 4, 4) == "IDAT")
            {
                idat.Write(png.AsSpan(offset + 8, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset))));
            }
        }

        idat.Position = 0;
        using var raw = new MemoryStream();
        using (var inflate = new ZLibStream(idat, CompressionMode.Decompress))
        {
            inflate.CopyTo(raw);
        }

        return raw.ToArray();
    }

    private static void CheckScanlines(byte[] zlib, PngFile header)
    {
        Assert.Equal((8, 2), (header.BitDepth, header.ColorType));
        using var raw = new MemoryStream();
        using (var inflate = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress))
        {
            inflate.CopyTo(raw);
        }

        var stride = 1 + (header.Width * 3);
        Assert.Equal((long)stride * header.Height, raw.Length);
        var bytes = raw.GetBuffer();
        for (var row = 0; row < header.Height; row++)
        {
            Assert.InRange(bytes[row * stride], 0, 4); // a valid filter type starts every scanline
        }
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
