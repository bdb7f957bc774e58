namespace Bailian.Images;

/// <summary>The image formats DashScope's models take, as told by the file's first bytes.</summary>
public enum ImageFileFormat
{
    Png,
    Jpeg,
    Gif,
    Bmp,
    Webp,
    Tiff,
}

/// <summary>What an image's header says: its format and pixel size.</summary>
public sealed record ImageHeaderInfo(ImageFileFormat Format, int Width, int Height)
{
    public string MimeType => Format switch
    {
        ImageFileFormat.Png => "image/png",
        ImageFileFormat.Jpeg => "image/jpeg",
        ImageFileFormat.Gif => "image/gif",
        ImageFileFormat.Bmp => "image/bmp",
        ImageFileFormat.Webp => "image/webp",
        _ => "image/tiff",
    };
}

/// <summary>
/// Reads an image's format and size from its header, without decoding it: a 10 MB photo is checked
/// by reading a few hundred bytes (JPEG and TIFF may need to skip ahead to the size).
/// </summary>
public static class ImageHeader
{
    /// <summary>The format and size, or null when the bytes are no image format we know.</summary>
    public static ImageHeaderInfo? Read(Stream stream)
    {
        var head = new byte[32];
        var count = ReadUpTo(stream, head, 0, head.Length);
        if (count < 12)
        {
            return null;
        }

        if (StartsWith(head, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) && count >= 24)
        {
            return new(ImageFileFormat.Png, BigEndian32(head, 16), BigEndian32(head, 20));
        }

        if (StartsWith(head, (byte)'G', (byte)'I', (byte)'F', (byte)'8'))
        {
            return new(ImageFileFormat.Gif, LittleEndian16(head, 6), LittleEndian16(head, 8));
        }

        if (StartsWith(head, (byte)'B', (byte)'M') && count >= 26)
        {
            // Height is negative for top-down bitmaps.
            return new(ImageFileFormat.Bmp, LittleEndian32(head, 18), Math.Abs(LittleEndian32(head, 22)));
        }

        if (StartsWith(head, (byte)'R', (byte)'I', (byte)'F', (byte)'F') && Ascii(head, 8, "WEBP") && count >= 30)
        {
            return ReadWebp(head);
        }

        if (StartsWith(head, 0xFF, 0xD8, 0xFF))
        {
            return ReadJpeg(stream, head, count);
        }

        if (StartsWith(head, (byte)'I', (byte)'I', 42, 0) || StartsWith(head, (byte)'M', (byte)'M', 0, 42))
        {
            return ReadTiff(stream, head[0] == (byte)'I');
        }

        return null;
    }

    private static ImageHeaderInfo? ReadWebp(byte[] head)
    {
        if (Ascii(head, 12, "VP8 "))
        {
            // Lossy: 14-bit sizes after the 3-byte frame tag and the start code 9D 01 2A.
            return new(ImageFileFormat.Webp, LittleEndian16(head, 26) & 0x3FFF, LittleEndian16(head, 28) & 0x3FFF);
        }

        if (Ascii(head, 12, "VP8L"))
        {
            // Lossless: after the signature byte 0x2F, 14 bits of width-1 then 14 bits of height-1.
            var bits = (uint)LittleEndian32(head, 21);
            return new(ImageFileFormat.Webp, (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (Ascii(head, 12, "VP8X"))
        {
            // Extended: 24-bit canvas width-1 and height-1.
            return new(ImageFileFormat.Webp, LittleEndian24(head, 24) + 1, LittleEndian24(head, 27) + 1);
        }

        return null;
    }

    // Walks the marker segments to the first start-of-frame, which holds the size.
    private static ImageHeaderInfo? ReadJpeg(Stream stream, byte[] head, int count)
    {
        var buffer = new MemoryStream();
        buffer.Write(head, 0, count);
        var reader = new SegmentReader(stream, buffer.ToArray());
        reader.Skip(2);
        while (reader.ReadByte() is var marker && marker == 0xFF)
        {
            var type = reader.ReadByte();
            while (type == 0xFF)
            {
                type = reader.ReadByte();
            }

            if (type is < 0 or 0xD9 or 0xDA)
            {
                return null;
            }

            if (type is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            var length = (reader.ReadByte() << 8) | reader.ReadByte();
            if (type is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                reader.Skip(1);
                var height = (reader.ReadByte() << 8) | reader.ReadByte();
                var width = (reader.ReadByte() << 8) | reader.ReadByte();
                return width > 0 && height > 0 ? new(ImageFileFormat.Jpeg, width, height) : null;
            }

            if (length < 2 || !reader.Skip(length - 2))
            {
                return null;
            }
        }

        return null;
    }

    private static ImageHeaderInfo? ReadTiff(Stream stream, bool littleEndian)
    {
        if (!stream.CanSeek)
        {
            return null;
        }

        int Read16(byte[] b, int at) => littleEndian ? LittleEndian16(b, at) : (b[at] << 8) | b[at + 1];
        int Read32(byte[] b, int at) => littleEndian ? LittleEndian32(b, at) : BigEndian32(b, at);

        var header = new byte[8];
        stream.Position = 0;
        if (ReadUpTo(stream, header, 0, 8) < 8)
        {
            return null;
        }

        stream.Position = (uint)Read32(header, 4);
        var countBytes = new byte[2];
        if (ReadUpTo(stream, countBytes, 0, 2) < 2)
        {
            return null;
        }

        var entries = new byte[Read16(countBytes, 0) * 12];
        var read = ReadUpTo(stream, entries, 0, entries.Length);
        int width = 0, height = 0;
        for (var at = 0; at + 12 <= read; at += 12)
        {
            var tag = Read16(entries, at);
            var type = Read16(entries, at + 2);
            var value = type == 3 ? Read16(entries, at + 8) : Read32(entries, at + 8);
            width = tag == 256 ? value : width;
            height = tag == 257 ? value : height;
        }

        return width > 0 && height > 0 ? new(ImageFileFormat.Tiff, width, height) : null;
    }

    private static int ReadUpTo(Stream stream, byte[] buffer, int offset, int count)
    {
        var total = 0;
        int read;
        while (total < count && (read = stream.Read(buffer, offset + total, count - total)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static bool StartsWith(byte[] bytes, params byte[] prefix)
    {
        for (var i = 0; i < prefix.Length; i++)
        {
            if (bytes[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool Ascii(byte[] bytes, int offset, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (bytes[offset + i] != (byte)text[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int BigEndian32(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
    private static int LittleEndian32(byte[] b, int at) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
    private static int LittleEndian24(byte[] b, int at) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
    private static int LittleEndian16(byte[] b, int at) => b[at] | (b[at + 1] << 8);

    /// <summary>Reads the bytes already taken from the stream first, then the stream itself.</summary>
    private sealed class SegmentReader(Stream stream, byte[] already)
    {
        private int _position;

        public int ReadByte() => _position < already.Length ? already[_position++] : ReadFromStream();

        public bool Skip(int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (ReadByte() < 0)
                {
                    return false;
                }
            }

            return true;
        }

        private int ReadFromStream()
        {
            _position++;
            return stream.ReadByte();
        }
    }
}
