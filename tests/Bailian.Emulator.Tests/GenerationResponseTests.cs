using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Web;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>Success bodies in the real shapes of API doc §2.2 A (qwen) and C (wan2.6).</summary>
public sealed class GenerationResponseTests
{
    [Fact]
    public async Task Qwen_answers_choices_task_metric_and_pixel_usage()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await emulator.GenerateOkAsync(Bodies.Generation("qwen-image-max"));

        var choice = body["output"]!["choices"]!.AsArray().Single()!;
        Assert.Equal("stop", choice["finish_reason"]!.GetValue<string>());
        Assert.Equal("assistant", choice["message"]!["role"]!.GetValue<string>());
        var item = choice["message"]!["content"]!.AsArray().Single()!.AsObject();
        Assert.Equal(["image"], item.Select(p => p.Key));
        Assert.Equal("""{"TOTAL":1,"SUCCEEDED":1,"FAILED":0}""", body["output"]!["task_metric"]!.ToJsonString());
        Assert.Equal("""{"width":1664,"height":928,"image_count":1}""", body["usage"]!.ToJsonString()); // default size
        Assert.True(Guid.TryParse(body["request_id"]!.GetValue<string>(), out _));
        Assert.Null(body["output"]!["finished"]);
    }

    [Fact]
    public async Task Wan_2_6_without_n_makes_four_images_as_the_service_does()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await emulator.GenerateOkAsync(Bodies.Generation("wan2.6-t2i"), "us-east-1");

        var content = body["output"]!["choices"]!.AsArray().Single()!["message"]!["content"]!.AsArray();
        Assert.Equal(4, content.Count);
        Assert.All(content, item => Assert.Equal("image", item!["type"]!.GetValue<string>()));
        Assert.Equal(4, EmulatorSession.ImageUrls(body).Distinct().Count());
        Assert.True(body["output"]!["finished"]!.GetValue<bool>());
        Assert.Null(body["output"]!["task_metric"]);
        Assert.Equal(
            """{"image_count":4,"input_tokens":0,"output_tokens":0,"size":"1280*1280","total_tokens":0}""",
            body["usage"]!.ToJsonString());
    }

    [Fact]
    public async Task Qwen_image_2_makes_n_images_of_the_requested_size()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await emulator.GenerateOkAsync(Bodies.Generation(
            "qwen-image-2.0-pro", parameters: new JsonObject { ["n"] = 3, ["size"] = "1024*768" }));

        Assert.Equal(3, EmulatorSession.ImageUrls(body).Count);
        Assert.Equal("""{"TOTAL":3,"SUCCEEDED":3,"FAILED":0}""", body["output"]!["task_metric"]!.ToJsonString());
        Assert.Equal("""{"width":1024,"height":768,"image_count":3}""", body["usage"]!.ToJsonString());
    }

    [Fact]
    public async Task Wan_2_6_image_edits_with_input_images_and_named_sizes()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var noImage = await emulator.GenerateAsync(Bodies.Generation("wan2.6-image"));
        var edited = await emulator.GenerateOkAsync(Bodies.Generation(
            "wan2.6-image", parameters: new JsonObject { ["n"] = 1, ["size"] = "2K" }, images: ImageInputs.DataUri(TestImages.Png(600, 600))));

        await EmulatorSession.AssertErrorAsync(noImage, 400, "InvalidParameter");
        Assert.Equal("2048*2048", edited["usage"]!["size"]!.GetValue<string>());
    }

    [Fact]
    public async Task Result_urls_are_signed_oss_style_urls_on_the_emulator()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock, ResultUrlLifetime = TimeSpan.FromHours(2) });

        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation("qwen-image"))).Single();

        Assert.StartsWith(emulator.Server.BaseAddress.AbsoluteUri + "results/", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.EndsWith(".png", url.AbsolutePath, StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(clock.GetUtcNow().AddHours(2).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), query["Expires"]);
        Assert.Equal("LTAI5temulator", query["OSSAccessKeyId"]);
        Assert.Matches("^[A-Za-z0-9_-]+$", query["Signature"]);
    }

    [Fact]
    public async Task Images_are_deterministic_for_prompt_seed_index_and_size()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        JsonObject Parameters(int seed, string size = "1280*1280") => new() { ["seed"] = seed, ["n"] = 2, ["size"] = size };

        var first = await emulator.GenerateOkAsync(Bodies.Generation("wan2.6-t2i", "a fox", Parameters(11)));
        var again = await emulator.GenerateOkAsync(Bodies.Generation("wan2.6-t2i", "a fox", Parameters(11)));
        var otherSeed = await emulator.GenerateOkAsync(Bodies.Generation("wan2.6-t2i", "a fox", Parameters(12)));
        var otherPrompt = await emulator.GenerateOkAsync(Bodies.Generation("wan2.6-t2i", "a cat", Parameters(11)));

        var a = await DownloadAllAsync(emulator, first);
        var b = await DownloadAllAsync(emulator, again);
        Assert.NotEqual(EmulatorSession.ImageUrls(first), EmulatorSession.ImageUrls(again)); // every call gets its own URLs
        Assert.Equal(a, b);
        Assert.NotEqual(a[0], a[1]); // the index counts
        Assert.NotEqual(a[0], (await DownloadAllAsync(emulator, otherSeed))[0]);
        Assert.NotEqual(a[0], (await DownloadAllAsync(emulator, otherPrompt))[0]);
    }

    [Fact]
    public async Task Without_a_seed_each_call_picks_a_random_one()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var first = await emulator.GenerateOkAsync(Bodies.Generation("qwen-image", "a fox"));
        var second = await emulator.GenerateOkAsync(Bodies.Generation("qwen-image", "a fox"));

        Assert.NotEqual((await DownloadAllAsync(emulator, first))[0], (await DownloadAllAsync(emulator, second))[0]);
    }

    private static async Task<byte[][]> DownloadAllAsync(EmulatorSession emulator, JsonObject body) =>
        await Task.WhenAll(EmulatorSession.ImageUrls(body).Select(emulator.DownloadAsync));
}
