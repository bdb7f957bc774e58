using System.Buffers.Binary;

namespace Bailian.Emulator.Inputs;

/// <summary>The size of a TIFF: the ImageWidth and ImageLength tags of its first IFD, in either byte order.</summary>
internal static class TiffHeader
{
    private const ushort ImageWidth = 256;
    private const ushort ImageLength = 257;
    private const ushort TypeShort = 3;
    private const ushort TypeLong = 4;
    private const int EntrySize = 12;

    public static bool TryRead(ReadOnlySpan<byte> file, out int width, out int height)
    {
        width = height = 0;
        if (file.Length < 8)
        {
            return false;
        }

        var big = file[0] == (byte)'M';
        var ifd = U32(file[4..], big);
        if (ifd < 8 || ifd > (uint)(file.Length - 2))
        {
            return false;
        }

        var entries = U16(file[(int)ifd..], big);
        var first = (int)ifd + 2;
        if ((long)first + ((long)entries * EntrySize) > file.Length)
        {
            return false;
        }

        for (var i = 0; i < entries; i++)
        {
            var entry = file.Slice(first + (i * EntrySize), EntrySize);
            var tag = U16(entry, big);
            if (tag is not (ImageWidth or ImageLength))
            {
                continue;
            }

            // A single value fits the entry itself: a SHORT in its first two bytes, a LONG in all four.
            var value = U16(entry[2..], big) switch
            {
                TypeShort => U16(entry[8..], big),
                TypeLong => U32(entry[8..], big),
                _ => 0u,
            };
            var side = value > int.MaxValue ? 0 : (int)value;
            if (tag == ImageWidth)
            {
                width = side;
            }
            else
            {
                height = side;
            }
        }

        return width > 0 && height > 0;
    }

    private static ushort U16(ReadOnlySpan<byte> bytes, bool big) =>
        big ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private static uint U32(ReadOnlySpan<byte> bytes, bool big) =>
        big ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
