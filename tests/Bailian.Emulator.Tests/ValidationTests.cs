using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>The sync endpoint's 400s (API doc §2.1, §5.1, §5.3, §5.6), each next to a value just inside the rule.</summary>
public sealed class ValidationTests
{
    private const string Qwen = "qwen-image-max";
    private const string Qwen2 = "qwen-image-2.0";
    private const string Wan = "wan2.6-t2i";

    [Theory]
    [InlineData("not json", "InvalidParameter")]
    [InlineData("[1,2]", "InvalidParameter")]
    [InlineData("""{"model":"qwen-image","model":"wan2.6-t2i","input":{}}""", "InvalidParameter")] // duplicate key
    [InlineData("""{"input":{"messages":[{"role":"user","content":[{"text":"fox"}]}]}}""", "BadRequest.EmptyModel")]
    [InlineData("""{"model":"","input":{"messages":[{"role":"user","content":[{"text":"fox"}]}]}}""", "BadRequest.EmptyModel")]
    [InlineData("""{"model":"qwen-image-max"}""", "BadRequest.EmptyInput")]
    [InlineData("""{"model":"qwen-image-max","input":"fox"}""", "BadRequest.EmptyInput")]
    public async Task Malformed_bodies_are_rejected_with_the_service_codes(string body, string code)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(body);

        await EmulatorSession.AssertErrorAsync(response, 400, code);
    }

    [Theory]
    [InlineData("""[]""", "exactly one message")]
    [InlineData("""[{"role":"user","content":[{"text":"a"}]},{"role":"user","content":[{"text":"b"}]}]""", "exactly one message")]
    [InlineData("""[{"role":"assistant","content":[{"text":"a"}]}]""", "role")]
    [InlineData("""[{"role":"user","content":[]}]""", "non-empty")]
    [InlineData("""[{"role":"user","content":[{"text":"a"},{"text":"b"}]}]""", "exactly one text item")]
    [InlineData("""[{"role":"user","content":[{"image":"https://example.com/a.png"}]}]""", "exactly one text item")]
    [InlineData("""[{"role":"user","content":[{"text":"a","image":"https://example.com/a.png"}]}]""", "exactly one of text or image")]
    [InlineData("""[{"role":"user","content":[{"text":"   "}]}]""", "must not be empty")]
    public async Task The_single_user_message_with_one_text_item_is_enforced(string messages, string messagePart)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = $$$"""{"model":"{{{Qwen2}}}","input":{"messages":{{{messages}}}}}""";

        using var response = await emulator.GenerateAsync(body);

        var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
        Assert.Contains(messagePart, error["message"]!.GetValue<string>(), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Qwen)]
    [InlineData(Wan)]
    public async Task Text_to_image_models_take_no_input_images(string model)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(model, images: "https://example.com/in.png"));

        var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
        Assert.Contains("does not accept input images", error["message"]!.GetValue<string>(), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Qwen_image_2_takes_up_to_three_input_images()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var image = ImageInputs.DataUri(TestImages.Png(512, 512));

        var three = await emulator.GenerateOkAsync(Bodies.Generation(Qwen2, images: [image, image, ImageInputs.DataUri(TestImages.Jpeg(640, 480), "image/jpeg")]));
        using var four = await emulator.GenerateAsync(Bodies.Generation(Qwen2, images: [image, image, image, image]));
        using var notUrl = await emulator.GenerateAsync(Bodies.Generation(Qwen2, images: "C:\\photos\\cat.png"));

        Assert.Single(EmulatorSession.ImageUrls(three));
        await EmulatorSession.AssertErrorAsync(four, 400, "InvalidParameter");
        await EmulatorSession.AssertErrorAsync(notUrl, 400, "InvalidParameter", "The provided URL does not appear to be valid.");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    [InlineData(4)]
    public async Task Legacy_qwen_takes_only_one_image(int n)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(Qwen, parameters: new JsonObject { ["n"] = n }));

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", "num_images_per_prompt must be 1");
    }

    [Theory]
    [InlineData("1664*928", true)]
    [InlineData("1472*1104", true)]
    [InlineData("1328*1328", true)]
    [InlineData("1104*1472", true)]
    [InlineData("928*1664", true)]
    [InlineData("1472*1140", false)]
    [InlineData("1024*1024", false)]
    [InlineData("1328x1328", false)]
    [InlineData("1328*", false)]
    [InlineData("-1328*1328", false)]
    public async Task Legacy_qwen_sizes_come_from_a_fixed_list(string size, bool accepted)
    {
        await AssertSizeAsync(Qwen, size, accepted);
    }

    [Theory]
    [InlineData("512*512", true)]
    [InlineData("2048*2048", true)]
    [InlineData("4096*1024", true)]
    [InlineData("1000*700", true)]
    [InlineData("511*512", false)]
    [InlineData("2049*2048", false)]
    [InlineData("2048x2048", false)]
    public async Task Qwen_image_2_sizes_are_a_range_of_total_pixels(string size, bool accepted)
    {
        await AssertSizeAsync(Qwen2, size, accepted);
    }

    [Theory]
    [InlineData("1280*1280", true)]
    [InlineData("1440*1440", true)]
    [InlineData("1696*960", true)]  // recommended by the doc, though a little under 1280*1280
    [InlineData("1104*1472", true)]
    [InlineData("1690*960", false)] // not a recommendation, and under the minimum
    [InlineData("2560*640", true)]  // exactly 4:1
    [InlineData("1024*1024", false)] // too few pixels
    [InlineData("1500*1500", false)] // too many
    [InlineData("2800*640", false)]  // pixels fine, ratio past 4:1
    [InlineData("640*2800", false)]
    public async Task Wan_2_6_sizes_are_bounded_in_pixels_and_ratio(string size, bool accepted)
    {
        await AssertSizeAsync(Wan, size, accepted);
    }

    [Fact]
    public async Task A_size_must_be_a_string()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(Wan, parameters: new JsonObject { ["size"] = 1280 }));

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
    }

    [Theory]
    [InlineData(Qwen2, 6, true)]
    [InlineData(Qwen2, 7, false)]
    [InlineData(Qwen2, 0, false)]
    [InlineData(Wan, 1, true)]
    [InlineData(Wan, 4, true)]
    [InlineData(Wan, 5, false)]
    [InlineData(Wan, 0, false)]
    public async Task N_has_a_range_per_model(string model, int n, bool accepted)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(model, parameters: new JsonObject { ["n"] = n }));

        if (accepted)
        {
            Assert.Equal(n, EmulatorSession.ImageUrls(await EmulatorSession.ReadJsonAsync(response)).Count);
        }
        else
        {
            await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
        }
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("2.0")]
    [InlineData("\"2\"")]
    [InlineData("true")]
    public async Task N_must_be_an_integer(string n)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var parameters = JsonNode.Parse($$"""{"n":{{n}}}""")!.AsObject();

        using var response = await emulator.GenerateAsync(Bodies.Generation(Wan, parameters: parameters));

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", "The parameter n must be an integer.");
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("2147483647", true)]
    [InlineData("-1", false)]
    [InlineData("2147483648", false)]
    [InlineData("4.5", false)]
    [InlineData("\"42\"", false)]
    public async Task The_seed_is_an_integer_in_the_documented_range(string seed, bool accepted)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var parameters = JsonNode.Parse($$"""{"seed":{{seed}}}""")!.AsObject();

        using var response = await emulator.GenerateAsync(Bodies.Generation(Qwen, parameters: parameters));

        if (accepted)
        {
            Assert.Equal(200, (int)response.StatusCode);
        }
        else
        {
            await EmulatorSession.AssertErrorAsync(
                response, 400, "InvalidParameter", "The parameter seed must be an integer between 0 and 2147483647.");
        }
    }

    [Theory]
    [InlineData("negative_prompt", "42")]
    [InlineData("prompt_extend", "\"yes\"")]
    [InlineData("watermark", "1")]
    public async Task Other_parameters_must_have_their_types(string name, string value)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var parameters = JsonNode.Parse($$"""{"{{name}}":{{value}}}""")!.AsObject();

        using var response = await emulator.GenerateAsync(Bodies.Generation(Qwen, parameters: parameters));

        var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
        Assert.Contains(name, error["message"]!.GetValue<string>(), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Qwen, 800)]
    [InlineData(Wan, 2100)]
    public async Task An_over_long_prompt_is_truncated_not_rejected(string model, int limit)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var atLimit = new string('狐', limit);
        JsonObject Seeded() => new() { ["seed"] = 7, ["n"] = 1 };

        var exact = await emulator.GenerateOkAsync(Bodies.Generation(model, atLimit, Seeded()));
        var longer = await emulator.GenerateOkAsync(Bodies.Generation(model, atLimit + "and then some more", Seeded()));
        var different = await emulator.GenerateOkAsync(Bodies.Generation(model, atLimit[1..] + "x", Seeded()));

        // The image depends on the prompt; past the limit nothing counts any more.
        var images = await Task.WhenAll(new[] { exact, longer, different }
            .Select(b => emulator.DownloadAsync(EmulatorSession.ImageUrls(b).Single())));
        Assert.Equal(images[0], images[1]);
        Assert.NotEqual(images[0], images[2]);
    }

    [Fact]
    public async Task An_oss_input_needs_the_resolve_header()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = Bodies.Generation(Qwen2, images: "oss://dashscope-instant/abc/cat.png").ToJsonString();

        using var without = await emulator.GenerateAsync(body);
        using var with = await emulator.GenerateAsync(body, configure: r => r.Headers.Add("X-DashScope-OssResourceResolve", "enable"));

        // With the header the reference is resolved, and this one was never uploaded (OssInputTests upload real ones).
        var refused = await EmulatorSession.AssertErrorAsync(without, 400, "InvalidParameter");
        Assert.Contains("X-DashScope-OssResourceResolve", refused["message"]!.GetValue<string>(), System.StringComparison.Ordinal);
        var missing = await EmulatorSession.AssertErrorAsync(with, 400, "InvalidParameter");
        Assert.Contains("does not exist", missing["message"]!.GetValue<string>(), System.StringComparison.Ordinal);
    }

    private static async Task AssertSizeAsync(string model, string size, bool accepted)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(model, parameters: new JsonObject { ["size"] = size, ["n"] = 1 }));

        if (accepted)
        {
            Assert.Equal(200, (int)response.StatusCode);
        }
        else
        {
            var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
            Assert.Contains("size", error["message"]!.GetValue<string>(), System.StringComparison.Ordinal);
        }
    }
}
