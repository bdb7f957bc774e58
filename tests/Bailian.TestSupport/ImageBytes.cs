using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Bailian.Tests.Support;

/// <summary>
/// Image headers written by hand, byte by byte from the format specifications, so the header reader is
/// checked against the formats rather than against another copy of itself. Only the header is real.
/// </summary>
public static class ImageBytes
{
    public static byte[] Png(int width, int height)
    {
        var bytes = new byte[64];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        return bytes;
    }

    public static byte[] Gif(int width, int height)
    {
        var bytes = new byte[32];
        Encoding.ASCII.GetBytes("GIF89a").CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)height);
        return bytes;
    }

    /// <summary>A top-down bitmap stores its height negative.</summary>
    public static byte[] Bmp(int width, int height, bool topDown = false)
    {
        var bytes = new byte[64];
        Encoding.ASCII.GetBytes("BM").CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), topDown ? -height : height);
        return bytes;
    }

    public static byte[] WebpLossy(int width, int height)
    {
        var bytes = Riff("VP8 ");
        new byte[] { 0x9D, 0x01, 0x2A }.CopyTo(bytes, 23);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(26), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(28), (ushort)height);
        return bytes;
    }

    public static byte[] WebpLossless(int width, int height)
    {
        var bytes = Riff("VP8L");
        bytes[20] = 0x2F;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(21), (uint)(width - 1) | ((uint)(height - 1) << 14));
        return bytes;
    }

    public static byte[] WebpExtended(int width, int height)
    {
        var bytes = Riff("VP8X");
        WriteUInt24(bytes, 24, width - 1);
        WriteUInt24(bytes, 27, height - 1);
        return bytes;
    }

    /// <summary>SOI, an APP0 and a large APP1 (as EXIF makes), a DQT, then SOF2 (progressive) with the size.</summary>
    public static byte[] Jpeg(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0xFF, 0xD8]);
        Segment(stream, 0xE0, new byte[14]);
        Segment(stream, 0xE1, new byte[40000]);
        Segment(stream, 0xDB, new byte[65]);
        var frame = new byte[15];
        frame[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(3), (ushort)width);
        Segment(stream, 0xC2, frame);
        stream.Write([0xFF, 0xD9]);
        return stream.ToArray();
    }

    /// <summary>A TIFF whose first IFD sits after some data, with width as SHORT and height as LONG.</summary>
    public static byte[] Tiff(int width, int height, bool littleEndian)
    {
        var bytes = new byte[4096];
        void U16(int at, int value)
        {
            if (littleEndian) { BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)value); }
            else { BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), (ushort)value); }
        }

        void U32(int at, int value)
        {
            if (littleEndian) { BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), value); }
            else { BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), value); }
        }

        Encoding.ASCII.GetBytes(littleEndian ? "II" : "MM").CopyTo(bytes, 0);
        U16(2, 42);
        U32(4, 2000);
        U16(2000, 2);
        (int Tag, int Type, int Value)[] entries = [(256, 3, width), (257, 4, height)];
        for (var i = 0; i < entries.Length; i++)
        {
            var at = 2002 + i * 12;
            U16(at, entries[i].Tag);
            U16(at + 2, entries[i].Type);
            U32(at + 4, 1);
            if (entries[i].Type == 3) { U16(at + 8, entries[i].Value); } else { U32(at + 8, entries[i].Value); }
        }

        return bytes;
    }

    private static byte[] Riff(string chunk)
    {
        var bytes = new byte[40];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(bytes, 0);
        Encoding.ASCII.GetBytes("WEBP").CopyTo(bytes, 8);
        Encoding.ASCII.GetBytes(chunk).CopyTo(bytes, 12);
        return bytes;
    }

    private static void Segment(Stream stream, byte marker, byte[] payload)
    {
        stream.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)((payload.Length + 2) & 0xFF)]);
        stream.Write(payload);
    }

    private static void WriteUInt24(byte[] bytes, int at, int value)
    {
        bytes[at] = (byte)value;
        bytes[at + 1] = (byte)(value >> 8);
        bytes[at + 2] = (byte)(value >> 16);
    }
}
