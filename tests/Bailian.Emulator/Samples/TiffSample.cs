using System.Buffers.Binary;

namespace Bailian.Emulator.Samples;

/// <summary>
/// A baseline bilevel TIFF (little-endian, uncompressed, one strip, BlackIsZero): black, an eighth of a byte per
/// pixel, with every tag baseline readers require.
/// </summary>
internal static class TiffSample
{
    private const ushort Short = 3;
    private const ushort Long = 4;
    private const ushort Rational = 5;
    private const int EntryCount = 11;
    private const int IfdOffset = 8;
    private const int RationalsOffset = IfdOffset + 2 + (EntryCount * 12) + 4;
    private const int DataOffset = RationalsOffset + 16;

    public static byte[] Write(int width, int height)
    {
        var stripBytes = checked(((width + 7) / 8) * height);
        var tiff = new byte[checked(DataOffset + stripBytes)];
        var span = tiff.AsSpan();
        "II"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], IfdOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(span[IfdOffset..], EntryCount);
        var entry = IfdOffset + 2;
        void Entry(ushort tag, ushort type, uint value)
        {
            var e = tiff.AsSpan(entry, 12);
            BinaryPrimitives.WriteUInt16LittleEndian(e, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], 1);
            if (type == Short)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(e[8..], value);
            }

            entry += 12;
        }

        // In ascending tag order, as TIFF requires.
        Entry(256, Long, (uint)width);          // ImageWidth
        Entry(257, Long, (uint)height);         // ImageLength
        Entry(258, Short, 1);                   // BitsPerSample
        Entry(259, Short, 1);                   // Compression: none
        Entry(262, Short, 1);                   // PhotometricInterpretation: BlackIsZero
        Entry(273, Long, DataOffset);           // StripOffsets
        Entry(278, Long, (uint)height);         // RowsPerStrip
        Entry(279, Long, (uint)stripBytes);     // StripByteCounts
        Entry(282, Rational, RationalsOffset);  // XResolution
        Entry(283, Rational, RationalsOffset + 8); // YResolution
        Entry(296, Short, 2);                   // ResolutionUnit: inch
        foreach (var at in (int[])[RationalsOffset, RationalsOffset + 8])
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], 72);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], 1);
        }

        return tiff;
    }
}
