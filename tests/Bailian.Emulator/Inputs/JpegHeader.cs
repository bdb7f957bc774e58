using System.Buffers.Binary;

namespace Bailian.Emulator.Inputs;

/// <summary>
/// The size of a JPEG, from its first start-of-frame segment. Segments before it (APPn, DQT, DHT, comments) are
/// skipped by their lengths; reaching the scan or the end first means the file is damaged.
/// </summary>
internal static class JpegHeader
{
    public static bool TryRead(ReadOnlySpan<byte> file, out int width, out int height)
    {
        width = height = 0;
        var at = 2; // past SOI
        while (at + 2 <= file.Length)
        {
            if (file[at] != 0xFF)
            {
                return false;
            }

            var marker = file[at + 1];
            if (marker == 0xFF)
            {
                at++; // a fill byte before the marker
                continue;
            }

            at += 2;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // TEM and restart markers carry no length
            }

            if (marker is 0xD9 or 0xDA || at + 2 > file.Length)
            {
                return false; // end of image or start of scan before any frame header
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(file[at..]);
            if (length < 2)
            {
                return false;
            }

            if (IsStartOfFrame(marker))
            {
                // precision (1), height (2), width (2). A height of 0 defers it to a DNL segment: not a size we can check.
                if (length < 7 || at + 7 > file.Length)
                {
                    return false;
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(file[(at + 3)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(file[(at + 5)..]);
                return true;
            }

            at += length;
        }

        return false;
    }

    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);
}
