using System;
using System.Buffers.Binary;
using System.Linq;
using Bailian.Emulator;
using Bailian.Emulator.Inputs;

namespace Bailian.Tests.Emulator;

/// <summary>The input-image header reader on files the helpers do not make: other encoders' layouts, and damage.</summary>
public sealed class ImageHeaderTests
{
    [Fact]
    public void Unknown_signatures_are_no_format()
    {
        Assert.Null(ImageHeader.Detect("%PDF-1.7"u8));
        Assert.Null(ImageHeader.Detect([]));
        Assert.Null(ImageHeader.Detect("RIFF\0\0\0\0WAVEfmt "u8)); // RIFF, but not WebP
        Assert.Null(ImageHeader.Detect("II+\0"u8));                 // BigTIFF
    }

    [Theory]
    [InlineData("png", 23)]
    [InlineData("gif", 9)]
    [InlineData("bmp", 25)]
    [InlineData("webp", 24)]
    [InlineData("tiff", 100)]
    public void A_header_cut_short_is_damaged(string format, int keep)
    {
        var file = TestImagesTests.Make(format, 640, 480)[..keep];

        Assert.False(ImageHeader.TryRead(file, ImageHeader.Detect(file)!.Value, out _));
    }

    [Fact]
    public void A_jpeg_is_read_past_fill_bytes_and_app_segments_to_a_progressive_frame()
    {
        byte[] jpeg =
        [
            0xFF, 0xD8,
            0xFF, 0xE1, 0x00, 0x06, (byte)'E', (byte)'x', 0, 0,   // APP1
            0xFF, 0xFF, 0xFF,                                      // fill bytes
            0xFE, 0x00, 0x04, (byte)'h', (byte)'i',               // comment
            0xFF, 0xC2, 0x00, 0x0B, 8, 0x02, 0x1C, 0x04, 0x00, 1, 1, 0x11, 0, // SOF2: 1024 wide, 540 high
        ];

        Assert.True(ImageHeader.TryRead(jpeg, ImageFormat.Jpeg, out var header));
        Assert.Equal((1024, 540), (header.Width, header.Height));
    }

    [Fact]
    public void A_jpeg_whose_scan_comes_before_any_frame_is_damaged()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0, 0xFF, 0xD9];

        Assert.False(ImageHeader.TryRead(jpeg, ImageFormat.Jpeg, out _));
    }

    [Fact]
    public void Bmp_top_down_and_core_headers_are_read()
    {
        var topDown = TestImages.Bmp(300, 200);
        BinaryPrimitives.WriteInt32LittleEndian(topDown.AsSpan(22), -200);
        byte[] core = [(byte)'B', (byte)'M', .. new byte[12], 12, 0, 0, 0, 0x20, 0x03, 0x58, 0x02, 1, 0, 24, 0];

        Assert.True(ImageHeader.TryRead(topDown, ImageFormat.Bmp, out var a));
        Assert.True(ImageHeader.TryRead(core, ImageFormat.Bmp, out var b));
        Assert.Equal((300, 200), (a.Width, a.Height));
        Assert.Equal((800, 600), (b.Width, b.Height));
    }

    [Fact]
    public void Lossy_and_extended_webp_headers_are_read()
    {
        var lossy = Riff("VP8 ", [0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x07, 0x38, 0x04]); // key frame, 1920*1080
        var extended = Riff("VP8X", [0x10, 0, 0, 0, 0xFF, 0x1F, 0x00, 0x0F, 0x0A, 0x00]);       // canvas 8192*2576

        Assert.True(ImageHeader.TryRead(lossy, ImageHeader.Detect(lossy)!.Value, out var a));
        Assert.True(ImageHeader.TryRead(extended, ImageHeader.Detect(extended)!.Value, out var b));
        Assert.Equal((1920, 1080), (a.Width, a.Height));
        Assert.Equal((8192, 2576), (b.Width, b.Height));
    }

    [Fact]
    public void A_big_endian_tiff_with_short_sides_is_read()
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,
            0, 2,
            0x01, 0x00, 0, 3, 0, 0, 0, 1, 0x02, 0x80, 0, 0, // ImageWidth SHORT 640
            0x01, 0x01, 0, 3, 0, 0, 0, 1, 0x01, 0xE0, 0, 0, // ImageLength SHORT 480
            0, 0, 0, 0,
        ];

        Assert.Equal(ImageFormat.Tiff, ImageHeader.Detect(tiff));
        Assert.True(ImageHeader.TryRead(tiff, ImageFormat.Tiff, out var header));
        Assert.Equal((640, 480), (header.Width, header.Height));
    }

    [Fact]
    public void Zero_sides_are_damage()
    {
        var png = TestImages.Png(10, 10);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 0);

        Assert.False(ImageHeader.TryRead(png, ImageFormat.Png, out _));
    }

    private static byte[] Riff(string chunk, byte[] payload) =>
        [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8, .. chunk.Select(c => (byte)c), (byte)payload.Length, 0, 0, 0, .. payload];
}
