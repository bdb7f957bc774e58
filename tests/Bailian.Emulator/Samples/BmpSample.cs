using System.Buffers.Binary;

namespace Bailian.Emulator.Samples;

/// <summary>
/// An uncompressed 1-bit BMP (BITMAPINFOHEADER, two-colour palette, rows bottom-up and padded to 4 bytes): black,
/// and an eighth of a byte per pixel, so even an 8000*8000 image stays under 10 MB.
/// </summary>
internal static class BmpSample
{
    private const int FileHeaderSize = 14;
    private const int InfoHeaderSize = 40;
    private const int PaletteSize = 8;
    private const int PixelsPerMetre = 2835; // 72 dpi

    public static byte[] Write(int width, int height)
    {
        var rowBytes = (((long)width + 31) / 32) * 4;
        var pixelBytes = rowBytes * height;
        const int offset = FileHeaderSize + InfoHeaderSize + PaletteSize;
        var bmp = new byte[checked(offset + pixelBytes)];
        var span = bmp.AsSpan();
        "BM"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], offset);
        var info = span[FileHeaderSize..];
        BinaryPrimitives.WriteInt32LittleEndian(info, InfoHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(info[4..], width);
        BinaryPrimitives.WriteInt32LittleEndian(info[8..], height);    // positive: bottom-up rows
        BinaryPrimitives.WriteInt16LittleEndian(info[12..], 1);        // planes
        BinaryPrimitives.WriteInt16LittleEndian(info[14..], 1);        // bits per pixel
        BinaryPrimitives.WriteInt32LittleEndian(info[20..], (int)pixelBytes);
        BinaryPrimitives.WriteInt32LittleEndian(info[24..], PixelsPerMetre);
        BinaryPrimitives.WriteInt32LittleEndian(info[28..], PixelsPerMetre);
        BinaryPrimitives.WriteInt32LittleEndian(info[32..], 2);        // colours used
        span[(FileHeaderSize + InfoHeaderSize + 4)..offset].Fill(0xFF); // palette: black, then white (B, G, R, 0)
        span[offset - 1] = 0;
        return bmp;
    }
}
