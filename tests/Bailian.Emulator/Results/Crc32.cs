using System.Buffers.Binary;

namespace Bailian.Emulator.Results;

/// <summary>
/// The CRC-32 (ISO-HDLC) that PNG chunks carry. System.IO.Hashing is a package, not part of the framework.
/// Slicing-by-8 (eight bytes per step through eight tables): a padded result image checksums megabytes at a time.
/// </summary>
internal static class Crc32
{
    private const int TableSize = 256;
    private static readonly uint[] Tables = BuildTables();

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var t = Tables;
        var c = ~crc;
        while (data.Length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ c;
            var high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            c = t[(7 * TableSize) + (low & 0xFF)] ^ t[(6 * TableSize) + ((low >> 8) & 0xFF)]
                ^ t[(5 * TableSize) + ((low >> 16) & 0xFF)] ^ t[(4 * TableSize) + (low >> 24)]
                ^ t[(3 * TableSize) + (high & 0xFF)] ^ t[(2 * TableSize) + ((high >> 8) & 0xFF)]
                ^ t[TableSize + ((high >> 16) & 0xFF)] ^ t[high >> 24];
            data = data[8..];
        }

        foreach (var b in data)
        {
            c = t[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    // Table 0 is the classic byte table; table k advances a byte's CRC through k more zero bytes.
    private static uint[] BuildTables()
    {
        var tables = new uint[8 * TableSize];
        for (uint n = 0; n < TableSize; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            tables[n] = c;
        }

        for (var table = 1; table < 8; table++)
        {
            for (var n = 0; n < TableSize; n++)
            {
                var previous = tables[((table - 1) * TableSize) + n];
                tables[(table * TableSize) + n] = (previous >> 8) ^ tables[previous & 0xFF];
            }
        }

        return tables;
    }
}
