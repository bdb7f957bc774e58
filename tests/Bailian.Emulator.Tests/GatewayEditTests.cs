using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary><c>POST /gateway/v1/images/edits</c> (JSON, <c>image</c> an array of URLs or data URIs): inputs, n and sizes.</summary>
public sealed class GatewayEditTests
{
    private static readonly string Wide = ImageInputs.DataUri(TestImages.Jpeg(1600, 900), "image/jpeg");
    private static readonly string Square = ImageInputs.DataUri(TestImages.Png(512, 512));

    [Fact]
    public async Task Edit_plus_makes_up_to_six_images_at_the_size_asked_for()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await GatewayCalls.OkAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody(
            "qwen-image-edit-plus", [Square], new JsonObject { ["size"] = "1328x1328", ["n"] = 6, ["watermark"] = true }));

        var urls = GatewayCalls.Urls(body);
        Assert.Equal(6, urls.Count);
        Assert.Equal(6, urls.Distinct().Count());
        Assert.Equal("""{"total_tokens":6,"output_tokens":6,"input_tokens_details":{}}""", body["usage"]!.ToJsonString());
        foreach (var url in urls)
        {
            var png = PngFile.Parse(await emulator.DownloadAsync(url));
            Assert.Equal((1328, 1328), (png.Width, png.Height));
        }
    }

    [Theory]
    [InlineData("qwen-image-edit-plus", 7, "makes 1 to 6 images: n must be between 1 and 6.")]
    [InlineData("qwen-image-edit-plus-2025-10-30", 0, "makes 1 to 6 images")]
    [InlineData("qwen-image-edit", 2, "makes exactly 1 image: n must be 1.")]
    [InlineData("qwen-image-edit-max", 2, "makes exactly 1 image")] // not in the seed: "其他模型" make one
    [InlineData("wan2.6-image", 2, "makes exactly 1 image")]
    public async Task N_follows_the_seed_per_model(string model, int n, string says)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody(model, [Square], new JsonObject { ["n"] = n }));

        await GatewayCalls.AssertInvalidAsync(response, "n", says);
    }

    [Fact]
    public async Task The_2025_10_30_snapshot_of_edit_plus_makes_several_too()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await GatewayCalls.OkAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody(
            "qwen-image-edit-plus-2025-10-30", [Square], new JsonObject { ["n"] = 3, ["response_format"] = "b64_json" }));

        Assert.Equal(3, body["data"]!.AsArray().Count);
        Assert.All(body["data"]!.AsArray(), item => PngFile.Parse(Convert.FromBase64String(item!["b64_json"]!.GetValue<string>())));
    }

    [Theory]
    [InlineData("qwen-image-edit-plus", 1360, 768)] // ≈1024*1024 at 16:9, as on DashScope (API doc §5.2)
    [InlineData("qwen-image-edit", 1360, 768)]
    [InlineData("qwen-image-2.0", 2720, 1536)]
    public async Task Without_a_size_an_edit_keeps_the_last_inputs_shape(string model, int width, int height)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await GatewayCalls.OkAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody(model, [Square, Wide]));

        var png = PngFile.Parse(await emulator.DownloadAsync(GatewayCalls.Urls(body)[0]));
        Assert.Equal((width, height), (png.Width, png.Height));
    }

    [Theory]
    [InlineData("qwen-image-edit-plus", "2049x1024", "between 512 and 2048")]
    [InlineData("qwen-image-edit", "1024x1024", "takes no size")]
    [InlineData("wan2.6-image", "512x512", "out of range")]
    public async Task Edit_sizes_follow_dashscopes_rule(string model, string size, string says)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody(model, [Square], new JsonObject { ["size"] = size }));

        await GatewayCalls.AssertInvalidAsync(response, "size", says);
    }

    [Fact]
    public async Task Qwen_image_edit_refuses_prompt_optimisation_but_takes_a_negative_prompt()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var negativeOnly = new JsonObject { ["negative_prompt"] = "模糊" };
        var withEnable = new JsonObject { ["negative_prompt"] = "模糊", ["enable"] = false };

        using var accepted = await GatewayCalls.PostAsync(
            emulator, GatewayCalls.Edits, GatewayCalls.EditBody("qwen-image-edit", [Square], new JsonObject { ["optimize_prompt_options"] = negativeOnly }));
        using var refused = await GatewayCalls.PostAsync(
            emulator, GatewayCalls.Edits, GatewayCalls.EditBody("qwen-image-edit", [Square], new JsonObject { ["optimize_prompt_options"] = withEnable }));

        Assert.Equal(200, (int)accepted.StatusCode);
        await GatewayCalls.AssertInvalidAsync(refused, "optimize_prompt_options.enable", "does not support prompt optimization");
    }

    [Fact]
    public async Task One_of_the_emulators_own_result_urls_is_an_input()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var generated = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body(extra: new JsonObject { ["size"] = "1664x928" }));
        var url = GatewayCalls.Urls(generated)[0].AbsoluteUri;
        var viaLocalhost = url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        var edited = await GatewayCalls.OkAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody("qwen-image-edit-plus", [viaLocalhost]));

        var png = PngFile.Parse(await emulator.DownloadAsync(GatewayCalls.Urls(edited)[0]));
        Assert.Equal((1376, 768), (png.Width, png.Height)); // ≈1024*1024 at the 1664x928 input's shape
    }

    [Fact]
    public async Task Edits_of_different_images_come_out_different()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var fields = new JsonObject { ["seed"] = 3, ["size"] = "1024x1024", ["response_format"] = "b64_json" };

        var first = await GatewayCalls.OkAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody("qwen-image-edit-plus", [Square], fields));
        var other = await GatewayCalls.OkAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody("qwen-image-edit-plus", [Wide], fields));

        Assert.NotEqual(first["data"]!.ToJsonString(), other["data"]!.ToJsonString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task The_image_array_holds_one_to_three(int count)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.PostAsync(
            emulator, GatewayCalls.Edits, GatewayCalls.EditBody("wan2.6-image", Enumerable.Repeat(Square, count))); // DashScope takes 4

        await GatewayCalls.AssertInvalidAsync(response, "image", "an array of 1 to 3 http(s) URLs or data URIs");
    }

    [Theory]
    [InlineData("\"data:image/png;base64,AAAA\"", "must be an array of 1 to 3")] // a string, not an array
    [InlineData("{}", "must be an array of 1 to 3")]
    [InlineData("[5]", "image[0] must be an http:// or https:// URL or a data:{mime};base64,{data} URI.")]
    [InlineData("[\"oss://dashscope-instant/x.png\"]", "image[0] must be an http:// or https:// URL")] // the gateway has no oss:// storage
    [InlineData("[\"ftp://example.com/a.png\"]", "image[0] must be")]
    [InlineData("[\"image.png\"]", "image[0] must be")]
    public async Task Image_entries_are_urls_or_data_uris(string image, string says)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = GatewayCalls.EditBody("qwen-image-edit-plus", []);
        body["image"] = JsonNode.Parse(image);

        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, body);

        await GatewayCalls.AssertInvalidAsync(response, "image", says);
    }

    [Fact]
    public async Task A_missing_image_is_a_missing_parameter()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = GatewayCalls.EditBody("qwen-image-edit-plus", []);
        body.Remove("image");

        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, body);

        await GatewayCalls.AssertErrorAsync(response, 400, "invalid_request_error", "missing_required_parameter", "image");
    }

    [Fact]
    public async Task A_foreign_url_is_a_failed_download_and_nothing_is_fetched()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        const string Foreign = "https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20250925/fpakfo/image36.webp";

        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody("qwen-image-edit-plus", [Square, Foreign]));

        var error = await GatewayCalls.AssertErrorAsync(response, 400, "invalid_request_error", "invalid_image_url", "image");
        Assert.StartsWith("Failed to download the media resource from " + Foreign, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_or_tampered_result_url_is_a_failed_download()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var generated = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body());
        var tampered = GatewayCalls.Urls(generated)[0].AbsoluteUri.Replace("Signature=", "Signature=x", StringComparison.Ordinal);

        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody("qwen-image-edit-plus", [tampered]));

        await GatewayCalls.AssertErrorAsync(response, 400, "invalid_request_error", "invalid_image_url", "image");
    }

    [Theory]
    [InlineData("data:image/png;base64,%%%", 400, "invalid_image", "is not a valid data URI")]
    [InlineData("data:image/png;base64,JVBERi0xLjcK", 415, "invalid_image", "The format of the image[0] is not supported")] // a PDF's bytes
    public async Task A_data_uri_must_decode_to_an_image(string image, int status, string code, string says)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody("qwen-image-edit-plus", [image]));

        var error = await GatewayCalls.AssertErrorAsync(response, status, "invalid_request_error", code, "image");
        Assert.Contains(says, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_models_input_rule_applies_to_the_images()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var tiny = ImageInputs.DataUri(TestImages.Png(200, 200));
        var gif = ImageInputs.DataUri(TestImages.Gif(512, 512), "image/gif");

        using var small = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody("qwen-image-edit-plus", [Square, tiny]));
        using var gifForWan = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody("wan2.6-image", [gif]));
        using var gifForQwen = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody("qwen-image-edit-plus", [gif]));

        var error = await GatewayCalls.AssertErrorAsync(small, 400, "invalid_request_error", "invalid_image", "image");
        Assert.Contains("The image[1] is 200*200 pixels", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await GatewayCalls.AssertErrorAsync(gifForWan, 415, "invalid_request_error", "invalid_image", "image");
        Assert.Equal(200, (int)gifForQwen.StatusCode);
    }

    [Theory]
    [InlineData("qwen-image-plus")]
    [InlineData("wan2.6-t2i")]
    public async Task A_text_to_image_model_is_sent_to_the_generations_route(string model)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody(model, [Square]));

        await GatewayCalls.AssertInvalidAsync(response, "model", "does not edit images: use /gateway/v1/images/generations");
    }
}
