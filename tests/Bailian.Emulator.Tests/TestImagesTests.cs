using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Bailian.Emulator;
using Bailian.Emulator.Inputs;

namespace Bailian.Tests.Emulator;

/// <summary>
/// The <see cref="TestImages"/> helpers: the emulator's own header reader accepts each file with the asked size, and
/// each file has its format's structure (checked here byte by byte, apart from the reader).
/// </summary>
public sealed class TestImagesTests
{
    public static TheoryData<string, int, int> Files() => new()
    {
        { "png", 1, 1 }, { "png", 640, 480 },
        { "jpeg", 1, 1 }, { "jpeg", 1000, 333 }, { "jpeg", 65535, 8 },
        { "gif", 3, 5 }, { "gif", 384, 3072 },
        { "bmp", 1, 1 }, { "bmp", 8000, 240 },
        { "webp", 1, 1 }, { "webp", 16384, 300 },
        { "tiff", 9, 7 }, { "tiff", 3072, 384 },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void The_emulators_reader_accepts_each_helper_file_at_its_size(string format, int width, int height)
    {
        var file = Make(format, width, height);

        var detected = ImageHeader.Detect(file);

        Assert.Equal(Expected(format), detected);
        Assert.True(ImageHeader.TryRead(file, detected!.Value, out var header));
        Assert.Equal((width, height), (header.Width, header.Height));
    }

    [Fact]
    public void The_png_is_a_full_valid_png_and_the_seed_changes_it()
    {
        var png = TestImages.Png(300, 200, seed: 1);

        Assert.Equal(new PngFile(300, 200, 8, 2), PngFile.Parse(png));
        Assert.NotEqual(png, TestImages.Png(300, 200, seed: 2));
        Assert.Equal(png, TestImages.Png(300, 200, seed: 1));
    }

    [Fact]
    public void The_jpeg_has_every_baseline_segment_in_order()
    {
        var jpeg = TestImages.Jpeg(100, 60);

        var markers = new List<byte>();
        var at = 2;
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        while (jpeg[at + 1] != 0xDA)
        {
            markers.Add(jpeg[at + 1]);
            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
        }

        Assert.Equal([0xE0, 0xDB, 0xC0, 0xC4], markers); // APP0, DQT, SOF0, DHT; then SOS
        Assert.Equal("JFIF\0"u8.ToArray(), jpeg[6..11]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        var scan = jpeg[(at + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2)))..^2];
        Assert.DoesNotContain((byte)0xFF, scan); // entropy data needs no stuffing and hides no marker
        Assert.Equal((13 * 8 / 2) + 0, scan.Length); // 13*8 blocks of 4 bits
    }

    [Fact]
    public void The_gif_bmp_webp_and_tiff_have_their_containers_right()
    {
        var gif = TestImages.Gif(10, 10);
        var bmp = TestImages.Bmp(33, 2);
        var webp = TestImages.Webp(5, 5);
        var tiff = TestImages.Tiff(16, 4);

        Assert.Equal("GIF89a"u8.ToArray(), gif[..6]);
        Assert.Equal(0x3B, gif[^1]); // trailer
        Assert.Equal(0x2C, gif[19]); // image descriptor right after the 2-colour table
        Assert.Equal(bmp.Length, BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(2)));
        Assert.Equal(62 + (8 * 2), bmp.Length); // 33 pixels of 1 bit pad to 8 bytes a row
        Assert.Equal(webp.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(webp.AsSpan(4)));
        Assert.Equal("VP8L"u8.ToArray(), webp[12..16]);
        Assert.Equal(0, webp.Length % 2);
        Assert.Equal("II*\0"u8.ToArray(), tiff[..4]);
        Assert.Equal(162 + (2 * 4), tiff.Length);
    }

    [Fact]
    public void Sizes_a_format_cannot_hold_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TestImages.Png(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestImages.Jpeg(65536, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestImages.Gif(10, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestImages.Webp(16385, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestImages.Bmp(10, 0));
    }

    internal static byte[] Make(string format, int width, int height) => format switch
    {
        "png" => TestImages.Png(width, height),
        "jpeg" => TestImages.Jpeg(width, height),
        "gif" => TestImages.Gif(width, height),
        "bmp" => TestImages.Bmp(width, height),
        "webp" => TestImages.Webp(width, height),
        _ => TestImages.Tiff(width, height),
    };

    private static ImageFormat Expected(string format) => Enum.Parse<ImageFormat>(format, ignoreCase: true);
}
