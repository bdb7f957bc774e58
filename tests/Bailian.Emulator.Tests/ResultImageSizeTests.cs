using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;
using Bailian.Emulator.Results;

namespace Bailian.Tests.Emulator;

/// <summary><see cref="EmulatorControl.ResultImageBytes"/>: result downloads with a real image's weight, still the same valid PNG.</summary>
public sealed class ResultImageSizeTests
{
    private const string Model = "qwen-image-2.0";
    private const long FourMegabytes = 4_000_000;

    [Fact]
    public async Task A_padded_result_weighs_what_was_asked_and_decodes_to_the_same_image()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var natural = await emulator.DownloadAsync(await GenerateOneAsync(emulator));
        emulator.Control.ResultImageBytes = FourMegabytes;

        var padded = await emulator.DownloadAsync(await GenerateOneAsync(emulator));

        Assert.InRange(padded.Length, FourMegabytes * 0.99, FourMegabytes * 1.01);
        Assert.Equal(PngFile.Parse(natural), PngFile.Parse(padded)); // every CRC checked, the same IHDR
        Assert.Equal(PngFile.Scanlines(natural), PngFile.Scanlines(padded));
        Assert.Equal(["IHDR", "IDAT", "bmPd", "IEND"], PngFile.ChunkTypes(padded));
        Assert.True(natural.Length < 100_000, $"the natural PNG has {natural.Length} bytes");
    }

    [Fact]
    public async Task The_padding_does_not_compress()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var natural = await emulator.DownloadAsync(await GenerateOneAsync(emulator));
        emulator.Control.ResultImageBytes = 1_000_000;

        var padded = await emulator.DownloadAsync(await GenerateOneAsync(emulator));
        // The chunk's data: after the image's own chunks up to IEND and the chunk's length and type, before its CRC and IEND.
        var padding = padded.AsSpan((natural.Length - 12) + 8, padded.Length - natural.Length - 12).ToArray();
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(padding);
        }

        Assert.Equal(natural[..^12], padded[..(natural.Length - 12)]);
        Assert.True(compressed.Length >= padding.Length, $"{padding.Length} bytes of padding gzip to {compressed.Length}");
    }

    [Fact]
    public async Task The_same_image_pads_the_same_way_and_other_images_otherwise()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ResultImageBytes = 200_000;

        var first = await emulator.DownloadAsync(await GenerateOneAsync(emulator));
        var again = await emulator.DownloadAsync(await GenerateOneAsync(emulator)); // another URL, the same image
        var other = await emulator.DownloadAsync(await GenerateOneAsync(emulator, seed: 8));

        Assert.Equal(first, again);
        Assert.Equal(first.Length, other.Length);
        Assert.NotEqual(first.AsSpan(first.Length - 1000, 900).ToArray(), other.AsSpan(other.Length - 1000, 900).ToArray());
    }

    [Fact]
    public async Task The_size_is_fixed_when_a_url_is_published()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var before = await GenerateOneAsync(emulator);
        emulator.Control.ResultImageBytes = 300_000;
        var after = await GenerateOneAsync(emulator);
        emulator.Control.ResultImageBytes = 0;

        var natural = await emulator.DownloadAsync(before);
        var padded = await emulator.DownloadAsync(after);

        Assert.True(natural.Length < 100_000, $"{natural.Length} bytes");
        Assert.Equal(300_000, padded.Length);
    }

    [Fact]
    public async Task A_size_below_the_natural_one_leaves_the_image_alone()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var natural = await emulator.DownloadAsync(await GenerateOneAsync(emulator));
        emulator.Control.ResultImageBytes = natural.Length + 12; // no room for a chunk of even one byte

        var same = await emulator.DownloadAsync(await GenerateOneAsync(emulator));

        Assert.Equal(natural, same);
    }

    [Fact]
    public async Task Task_results_are_padded_and_a_padded_result_reads_as_an_edit_input()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.ResultImageBytes = 500_000;
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        clock.Advance(TimeSpan.FromSeconds(5));
        var url = TaskCalls.ResultUrls(await emulator.QueryOkAsync(id)).Single();

        var png = await emulator.DownloadAsync(url);
        var edited = await emulator.GenerateOkAsync(Bodies.Generation("qwen-image-edit-plus", "make it blue", images: url.AbsoluteUri));

        Assert.Equal(500_000, png.Length);
        PngFile.Parse(png);
        Assert.Single(EmulatorSession.ImageUrls(edited));
    }

    [Theory]
    [InlineData(200_003)] // several blocks, the last word cut short
    [InlineData(70_001)]
    public async Task A_padded_png_reads_the_same_streamed_and_whole(long target)
    {
        var natural = TestImages.Png(640, 480);
        var png = ResultPng.Of(natural, target);
        using var streamed = new MemoryStream();

        await png.WriteToAsync(streamed, default);

        Assert.Equal(target, png.Length);
        Assert.Equal(png.ToArray(), streamed.ToArray());
        Assert.Equal(PngFile.Parse(natural), PngFile.Parse(streamed.ToArray()));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(EmulatorControl.MaxResultImageBytes + 1)]
    public async Task The_size_checks_its_value(long bytes)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.Control.ResultImageBytes = bytes);
        Assert.Equal(0, emulator.Control.ResultImageBytes);
    }

    internal static async Task<Uri> GenerateOneAsync(EmulatorSession emulator, int seed = 7, string size = "1024*1024")
    {
        var parameters = new JsonObject { ["seed"] = seed, ["size"] = size };
        return EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation(Model, parameters: parameters))).Single();
    }
}
