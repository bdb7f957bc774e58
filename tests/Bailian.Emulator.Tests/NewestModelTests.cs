using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>
/// qwen-image-3.0 and wan2.7 on the new-protocol endpoints (API doc §2, §3.3, §5.4, §5.7): their sizes, n, input
/// images and model-specific parameters, and the 400 each broken rule answers.
/// </summary>
public sealed class NewestModelTests
{
    private static readonly string Square = ImageInputs.DataUri(TestImages.Png(512, 512));

    private static JsonObject Parameters(params (string Name, JsonNode? Value)[] values)
    {
        var parameters = new JsonObject();
        foreach (var (name, value) in values)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    private static async Task AssertInvalidAsync(EmulatorSession emulator, JsonObject body, string message)
    {
        using var response = await emulator.GenerateAsync(body);
        var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
        Assert.Contains(message, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qwen-image-3.0")]
    [InlineData("qwen-image-3.0-pro")]
    public async Task Qwen_image_3_draws_from_text_with_either_mode_and_up_to_six_images(string model)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var direct = await emulator.GenerateOkAsync(Bodies.Generation(model, parameters: Parameters(("prompt_extend_mode", "direct"), ("n", 6))));
        var agent = await emulator.GenerateOkAsync(Bodies.Generation(model, parameters: Parameters(("prompt_extend_mode", "agent"))));

        Assert.Equal(6, EmulatorSession.ImageUrls(direct).Count);
        Assert.Equal("""{"width":2048,"height":2048,"image_count":1}""", agent["usage"]!.ToJsonString());
    }

    [Fact]
    public async Task Qwen_image_3_refuses_agent_with_input_images_and_unknown_modes_and_seven_images()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        await AssertInvalidAsync(emulator, Bodies.Generation("qwen-image-3.0", parameters: Parameters(("prompt_extend_mode", "agent")), images: Square),
            "prompt_extend_mode agent is only supported for text-to-image");
        await AssertInvalidAsync(emulator, Bodies.Generation("qwen-image-3.0", parameters: Parameters(("prompt_extend_mode", "smart"))),
            "must be one of: direct, agent");
        await AssertInvalidAsync(emulator, Bodies.Generation("qwen-image-3.0", parameters: Parameters(("n", 7))), "between 1 and 6");
        await AssertInvalidAsync(emulator, Bodies.Generation("qwen-image-3.0", images: [Square, Square, Square, Square]), "takes 0 to 3 input images");
        await AssertInvalidAsync(emulator, Bodies.Generation("qwen-image-2.0", parameters: Parameters(("prompt_extend_mode", "direct"))),
            "prompt_extend_mode is not supported by the model qwen-image-2.0");
    }

    [Theory]
    [InlineData("512*512", 200)]
    [InlineData("1024*4096", 200)] // 2048² pixels exactly: S3 bounds total pixels only
    [InlineData("2048*2048", 200)]
    [InlineData("511*512", 400)]
    [InlineData("2048*2049", 400)]
    public async Task Qwen_image_3_takes_sizes_by_total_pixels(string size, int status)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation("qwen-image-3.0-pro", parameters: Parameters(("size", size))));

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task Qwen_image_3_edits_three_images_in_direct_mode_and_runs_as_a_task()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var edit = await emulator.GenerateOkAsync(Bodies.Generation("qwen-image-3.0", parameters: Parameters(("prompt_extend_mode", "direct")), images: [Square, Square, Square]));
        var taskId = await emulator.CreateOkAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("qwen-image-3.0-pro", parameters: Parameters(("n", 2))));

        Assert.Single(EmulatorSession.ImageUrls(edit));
        Assert.False(string.IsNullOrEmpty(taskId));
    }

    [Theory]
    [InlineData("wan2.7-image", "1K", 200, "1024*1024")]
    [InlineData("wan2.7-image", "2K", 200, "2048*2048")]
    [InlineData("wan2.7-image", "4K", 400, null)]
    [InlineData("wan2.7-image-pro", "4K", 200, "4096*4096")]
    [InlineData("wan2.7-image-pro", "4096*4096", 400, null)]
    [InlineData("wan2.7-image", "768*768", 200, "768*768")]
    [InlineData("wan2.7-image", "767*768", 400, null)]
    public async Task Wan27_takes_1K_2K_4K_for_pro_or_a_pixel_range(string model, string size, int status, string? made)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(model, parameters: Parameters(("size", size), ("n", 1))));

        Assert.Equal(status, (int)response.StatusCode);
        if (made is not null)
        {
            Assert.Equal(made, (await EmulatorSession.ReadJsonAsync(response))["usage"]!["size"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Wan27_pro_refuses_4K_and_thinking_with_input_images()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image-pro", parameters: Parameters(("size", "4K")), images: Square),
            "The size 4K is only supported for text-to-image");
        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image", parameters: Parameters(("thinking_mode", true)), images: Square),
            "thinking_mode is only supported for text-to-image");
        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image", parameters: Parameters(("thinking_mode", true), ("enable_sequential", true))),
            "not supported when enable_sequential is true");
        await AssertInvalidAsync(emulator, Bodies.Generation("qwen-image-3.0", parameters: Parameters(("thinking_mode", false))),
            "thinking_mode is not supported by the model qwen-image-3.0");
    }

    [Theory]
    [InlineData(false, 4, 200)]
    [InlineData(false, 5, 400)]
    [InlineData(true, 12, 200)]
    [InlineData(true, 13, 400)]
    public async Task Wan27_makes_one_to_four_images_or_twelve_in_sequence(bool sequential, int n, int status)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation("wan2.7-image",
            parameters: Parameters(("enable_sequential", sequential), ("n", n), ("size", "1K"))));

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 200)
        {
            Assert.Equal(n, EmulatorSession.ImageUrls(await EmulatorSession.ReadJsonAsync(response)).Count);
        }
    }

    [Fact]
    public async Task Wan27_without_n_makes_four_images()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await emulator.GenerateOkAsync(Bodies.Generation("wan2.7-image", parameters: Parameters(("size", "1K"))));

        Assert.Equal(4, EmulatorSession.ImageUrls(body).Count);
    }

    [Fact]
    public async Task Wan27_checks_boxes_per_image_and_the_palette()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var palette = JsonNode.Parse("""[{"hex":"#C2D1E6","ratio":0.25},{"hex":"#636574","ratio":0.5},{"hex":"#FFFFFF","ratio":0.25}]""");
        var boxes = JsonNode.Parse("[[[0,0,100,100],[10,10,50,50]],[]]");

        await emulator.GenerateOkAsync(Bodies.Generation("wan2.7-image", parameters: Parameters(("bbox_list", boxes), ("color_palette", palette), ("n", 1)),
            images: [Square, Square]));

        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image", parameters: Parameters(("bbox_list", JsonNode.Parse("[[]]"))), images: [Square, Square]),
            "one list per input image: 1 lists for 2 images");
        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image",
            parameters: Parameters(("bbox_list", JsonNode.Parse("[[[0,0,1,1],[0,0,2,2],[0,0,3,3]]]"))), images: Square), "at most 2 boxes");
        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image",
            parameters: Parameters(("bbox_list", JsonNode.Parse("[[[5,0,1,1]]]"))), images: Square), "x1 < x2");
        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image",
            parameters: Parameters(("color_palette", JsonNode.Parse("""[{"hex":"#000000","ratio":0.5},{"hex":"#FFFFFF","ratio":0.5}]""")))), "3 to 10 colors");
        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image",
            parameters: Parameters(("color_palette", JsonNode.Parse("""[{"hex":"#000000","ratio":25},{"hex":"#FFFFFF","ratio":50},{"hex":"#FF0000","ratio":25}]""")))),
            "a number in (0, 1]");
    }

    [Fact]
    public async Task Wan27_takes_up_to_nine_images_within_1_to_8_and_refuses_negative_prompt()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var nine = Enumerable.Repeat(Square, 9).ToArray();

        await emulator.GenerateOkAsync(Bodies.Generation("wan2.7-image-pro", parameters: Parameters(("n", 1)), images: nine));
        await emulator.GenerateOkAsync(Bodies.Generation("wan2.7-image", parameters: Parameters(("n", 1)), images: ImageInputs.DataUri(TestImages.Png(240, 1920))));

        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image", images: [.. nine, Square]), "takes 0 to 9 input images");
        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image", images: ImageInputs.DataUri(TestImages.Png(240, 1928))),
            "aspect ratio between 1:8 and 8:1");
        await AssertInvalidAsync(emulator, Bodies.Generation("wan2.7-image", parameters: Parameters(("negative_prompt", "blurry"))),
            "negative_prompt is not supported by the model wan2.7-image");
    }

    [Fact]
    public async Task Wan27_takes_input_files_up_to_20_mb()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        const int twentyMb = 20 * 1024 * 1024;
        var png = TestImages.Png(512, 512);
        var over = new byte[twentyMb + 1];
        png.CopyTo(over, 0);
        var atLimit = new byte[twentyMb];
        png.CopyTo(atLimit, 0);

        using var ok = await emulator.GenerateAsync(Bodies.Generation("wan2.7-image", parameters: Parameters(("n", 1)), images: ImageInputs.DataUri(atLimit)));
        using var tooLarge = await emulator.GenerateAsync(Bodies.Generation("wan2.7-image", images: ImageInputs.DataUri(over)));

        Assert.Equal(200, (int)ok.StatusCode);
        await EmulatorSession.AssertErrorAsync(tooLarge, 413, "BadRequest.TooLarge");
    }

    [Fact]
    public async Task Wanx_v1_is_a_text2image_task()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var taskId = await emulator.SynthesizeAsync(new JsonObject
        {
            ["model"] = "wanx-v1",
            ["input"] = new JsonObject { ["prompt"] = "a cat" },
            ["parameters"] = new JsonObject { ["n"] = 1 },
        });

        Assert.False(string.IsNullOrEmpty(taskId));
    }
}
