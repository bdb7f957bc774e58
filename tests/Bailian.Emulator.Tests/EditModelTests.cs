using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>
/// Editing on the new-protocol endpoints (API doc §2.2 B, §5.2, §5.3, §5.6): the qwen-image-edit family,
/// qwen-image-2.0 and wan2.6-image with input images, their image and n rules, and sizes that follow the last image.
/// </summary>
public sealed class EditModelTests
{
    private static readonly string Square = ImageInputs.DataUri(TestImages.Png(512, 512));
    private static readonly string Wide = ImageInputs.DataUri(TestImages.Jpeg(1600, 900), "image/jpeg"); // 16:9
    private static readonly string Tall = ImageInputs.DataUri(TestImages.Webp(768, 1024), "image/webp"); // 3:4

    [Theory]
    [InlineData("qwen-image-edit-plus")]
    [InlineData("qwen-image-edit-plus-2025-12-15")]
    [InlineData("qwen-image-edit-plus-2025-10-30")]
    [InlineData("qwen-image-edit-max")]
    [InlineData("qwen-image-edit-max-2026-01-16")]
    public async Task Edit_plus_and_max_answer_example_b_with_the_last_images_ratio(string model)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await emulator.GenerateOkAsync(Bodies.Generation(model, parameters: new JsonObject { ["n"] = 2 }, images: [Tall, Square, Wide]));

        var urls = EmulatorSession.ImageUrls(body);
        Assert.Equal(2, urls.Distinct().Count());
        Assert.Equal("""{"TOTAL":2,"SUCCEEDED":2,"FAILED":0}""", body["output"]!["task_metric"]!.ToJsonString());
        Assert.Equal("""{"width":1360,"height":768,"image_count":2}""", body["usage"]!.ToJsonString()); // 16:9 near 1024*1024
        Assert.Equal(new PngFile(1360, 768, 8, 2), PngFile.Parse(await emulator.DownloadAsync(urls[0])));
    }

    [Theory]
    [InlineData("1024*1536", 200)]
    [InlineData("512*2048", 200)]
    [InlineData("511*1024", 400)]
    [InlineData("1024*2049", 400)]
    public async Task Edit_plus_takes_a_size_with_each_side_in_512_to_2048(string size, int status)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(
            "qwen-image-edit-plus", parameters: new JsonObject { ["size"] = size }, images: Wide));

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 200)
        {
            var usage = (await EmulatorSession.ReadJsonAsync(response))["usage"]!;
            Assert.Equal(size, $"{usage["width"]}*{usage["height"]}");
        }
    }

    [Theory]
    [InlineData(6, 200)]
    [InlineData(7, 400)]
    [InlineData(0, 400)]
    public async Task Edit_plus_makes_one_to_six_images(int n, int status)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation("qwen-image-edit-max", parameters: new JsonObject { ["n"] = n }, images: Square));

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 200)
        {
            Assert.Equal(n, EmulatorSession.ImageUrls(await EmulatorSession.ReadJsonAsync(response)).Count);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task The_edit_family_takes_one_to_three_images(int count)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var plus = await emulator.GenerateAsync(Bodies.Generation("qwen-image-edit-plus", images: Enumerable.Repeat(Square, count).ToArray()));
        using var edit = await emulator.GenerateAsync(Bodies.Generation("qwen-image-edit", images: Enumerable.Repeat(Square, count).ToArray()));

        await EmulatorSession.AssertErrorAsync(plus, 400, "InvalidParameter", "The model qwen-image-edit-plus takes 1 to 3 input images.");
        await EmulatorSession.AssertErrorAsync(edit, 400, "InvalidParameter", "The model qwen-image-edit takes 1 to 3 input images.");
    }

    [Theory]
    [InlineData("ap-southeast-1", 200)]
    [InlineData("us-east-1", 404)]
    public async Task The_edit_family_is_served_in_beijing_and_singapore(string region, int status)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation("qwen-image-edit", images: Square).ToJsonString(), region);

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("size", "\"1024*1024\"")]
    [InlineData("prompt_extend", "true")]
    [InlineData("prompt_extend", "false")]
    public async Task Qwen_image_edit_refuses_size_and_prompt_extend(string name, string value)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var parameters = JsonNode.Parse($$"""{"{{name}}":{{value}}}""")!.AsObject();

        using var response = await emulator.GenerateAsync(Bodies.Generation("qwen-image-edit", parameters: parameters, images: Square));

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", $"The parameter {name} is not supported by the model qwen-image-edit.");
    }

    [Fact]
    public async Task Qwen_image_edit_makes_exactly_one_image_at_the_last_images_ratio()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var two = await emulator.GenerateAsync(Bodies.Generation("qwen-image-edit", parameters: new JsonObject { ["n"] = 2 }, images: Square));
        var one = await emulator.GenerateOkAsync(Bodies.Generation("qwen-image-edit", parameters: new JsonObject { ["n"] = 1, ["seed"] = 3 }, images: [Wide, Square, Tall]));

        await EmulatorSession.AssertErrorAsync(two, 400, "InvalidParameter", "num_images_per_prompt must be 1");
        Assert.Equal("""{"width":880,"height":1184,"image_count":1}""", one["usage"]!.ToJsonString()); // 3:4
    }

    [Fact]
    public async Task An_extreme_input_shape_is_capped_to_the_size_range()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await emulator.GenerateOkAsync(Bodies.Generation(
            "qwen-image-edit-plus", images: ImageInputs.DataUri(TestImages.Bmp(384, 3072), "image/bmp")));

        Assert.Equal("""{"width":512,"height":2048,"image_count":1}""", body["usage"]!.ToJsonString());
    }

    [Theory]
    [InlineData(null, "2720*1536")]       // 16:9 at about 2048*2048, rounded down to stay within it
    [InlineData("1024*1024", "1024*1024")]
    public async Task Qwen_image_2_with_images_keeps_the_last_images_ratio_unless_sized(string? size, string expected)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        JsonObject? Parameters() => size is null ? null : new JsonObject { ["size"] = size };

        var edited = await emulator.GenerateOkAsync(Bodies.Generation("qwen-image-2.0-pro", parameters: Parameters(), images: [Square, Wide]));
        var generated = await emulator.GenerateOkAsync(Bodies.Generation("qwen-image-2.0-pro", parameters: Parameters()));

        Assert.Equal(expected, $"{edited["usage"]!["width"]}*{edited["usage"]!["height"]}");
        Assert.Equal(size ?? "2048*2048", $"{generated["usage"]!["width"]}*{generated["usage"]!["height"]}");
    }

    [Theory]
    [InlineData(null, "1360*768")]      // the 1K default at 16:9
    [InlineData("2K", "2720*1536")]
    [InlineData("1K", "1360*768")]
    [InlineData("1280*720", "1280*720")]
    public async Task Wan_2_6_image_sizes_follow_the_last_image_unless_given_exactly(string? size, string expected)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var parameters = new JsonObject { ["n"] = 1 };
        if (size is not null)
        {
            parameters["size"] = size;
        }

        var body = await emulator.GenerateOkAsync(Bodies.Generation("wan2.6-image", parameters: parameters, images: [Tall, Wide]));

        Assert.Equal(expected, body["usage"]!["size"]!.GetValue<string>());
        Assert.True(body["output"]!["finished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Wan_2_6_image_takes_one_to_four_images_and_four_results_by_default()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var four = await emulator.GenerateOkAsync(Bodies.Generation("wan2.6-image", images: [Square, Square, Square, Wide]));
        using var five = await emulator.GenerateAsync(Bodies.Generation("wan2.6-image", images: Enumerable.Repeat(Square, 5).ToArray()));

        Assert.Equal(4, EmulatorSession.ImageUrls(four).Count);
        await EmulatorSession.AssertErrorAsync(five, 400, "InvalidParameter", "The model wan2.6-image takes 1 to 4 input images.");
    }

    [Fact]
    public async Task Wan_2_6_image_edits_asynchronously_with_the_same_rules()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        var id = await emulator.CreateOkAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-image", parameters: new JsonObject { ["n"] = 1 }, images: Tall));
        using var gif = await emulator.CreateAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-image", images: ImageInputs.DataUri(TestImages.Gif(800, 800))));
        clock.Advance(TimeSpan.FromSeconds(4));
        var done = await emulator.QueryOkAsync(id);

        await EmulatorSession.AssertErrorAsync(gif, 415, "BadRequest.UnsupportedFileFormat");
        Assert.Equal("SUCCEEDED", done["output"]!["task_status"]!.GetValue<string>());
        Assert.Equal("880*1184", done["usage"]!["size"]!.GetValue<string>());
        var url = new Uri(done["output"]!["choices"]![0]!["message"]!["content"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(new PngFile(880, 1184, 8, 2), PngFile.Parse(await emulator.DownloadAsync(url)));
    }

    [Fact]
    public async Task Results_depend_on_the_input_images()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        JsonObject Body(params string[] images) =>
            Bodies.Generation("qwen-image-edit-plus", "a fox", new JsonObject { ["seed"] = 5, ["size"] = "1024*1024" }, images);
        var other = ImageInputs.DataUri(TestImages.Png(512, 512, seed: 1));

        var first = await DownloadAsync(emulator, await emulator.GenerateOkAsync(Body(Square)));
        var same = await DownloadAsync(emulator, await emulator.GenerateOkAsync(Body(Square)));
        var otherImage = await DownloadAsync(emulator, await emulator.GenerateOkAsync(Body(other)));
        var otherOrder = await DownloadAsync(emulator, await emulator.GenerateOkAsync(Body(Square, other)));
        var swapped = await DownloadAsync(emulator, await emulator.GenerateOkAsync(Body(other, Square)));
        var textOnly = await DownloadAsync(emulator, await emulator.GenerateOkAsync(
            Bodies.Generation("qwen-image-2.0", "a fox", new JsonObject { ["seed"] = 5, ["size"] = "1024*1024" })));

        Assert.Equal(first, same);
        Assert.NotEqual(first, otherImage);
        Assert.NotEqual(otherOrder, swapped);
        Assert.NotEqual(first, textOnly);
    }

    private static Task<byte[]> DownloadAsync(EmulatorSession emulator, JsonObject body) =>
        emulator.DownloadAsync(EmulatorSession.ImageUrls(body).Single());
}
