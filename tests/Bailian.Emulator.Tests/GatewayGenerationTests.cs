using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary><c>POST /gateway/v1/images/generations</c>: the seed-002 gateway's answers and its checks of each field.</summary>
public sealed class GatewayGenerationTests
{
    [Fact]
    public async Task A_url_answer_has_created_one_signed_downloadable_png_and_usage()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var body = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body(extra: new JsonObject
        {
            ["size"] = "1664x928",
            ["n"] = 1,
            ["seed"] = 12345,
            ["watermark"] = false,
            ["response_format"] = "url",
            ["optimize_prompt_options"] = new JsonObject { ["enable"] = true, ["negative_prompt"] = "低分辨率、错误、最差质量" },
        }));

        Assert.Equal(["created", "data", "usage"], body.Select(p => p.Key));
        Assert.InRange(body["created"]!.GetValue<long>(), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("""{"total_tokens":1,"output_tokens":1,"input_tokens_details":{}}""", body["usage"]!.ToJsonString());
        var url = Assert.Single(GatewayCalls.Urls(body));
        Assert.Equal(emulator.Server.BaseAddress.Authority, url.Authority);
        Assert.Matches(@"^/results/[0-9a-f]{32}\.png$", url.AbsolutePath);
        Assert.Matches(@"^\?Expires=\d+&OSSAccessKeyId=\w+&Signature=[\w-]+$", url.Query);
        var png = PngFile.Parse(await emulator.DownloadAsync(url));
        Assert.Equal((1664, 928), (png.Width, png.Height));
    }

    [Fact]
    public async Task A_b64_json_answer_carries_the_png_its_url_would_serve()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var fields = new JsonObject { ["size"] = "928x1664", ["seed"] = 42 };

        var asUrl = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body(extra: fields));
        fields["response_format"] = "b64_json";
        var asBase64 = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body(extra: fields));

        var item = Assert.Single(asBase64["data"]!.AsArray())!.AsObject();
        Assert.Equal(["b64_json"], item.Select(p => p.Key));
        var png = Convert.FromBase64String(item["b64_json"]!.GetValue<string>());
        Assert.Equal((928, 1664), (PngFile.Parse(png).Width, PngFile.Parse(png).Height));
        Assert.Equal(await emulator.DownloadAsync(GatewayCalls.Urls(asUrl)[0]), png); // same prompt, seed and size
        Assert.Equal(1, asBase64["usage"]!["output_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_b64_json_image_has_the_weight_of_result_images_too()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ResultImageBytes = 300_000;

        var body = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body(extra: new JsonObject { ["response_format"] = "b64_json" }));

        var png = Convert.FromBase64String(body["data"]![0]!["b64_json"]!.GetValue<string>());
        Assert.Equal(300_000, png.Length);
        Assert.Equal((1328, 1328), (PngFile.Parse(png).Width, PngFile.Parse(png).Height)); // the seed's default size
    }

    [Theory]
    [InlineData("qwen-image-plus", "1664x928")]
    [InlineData("qwen-image-plus", "1472x1140")] // the seed's 4:3
    [InlineData("qwen-image-plus", "1328x1328")]
    [InlineData("qwen-image-plus", "1140x1472")]
    [InlineData("qwen-image", "928x1664")]
    [InlineData("qwen-image", "1472x1104")] // DashScope's 4:3 (API doc §13.1), accepted too
    [InlineData("qwen-image", "1104x1472")]
    public async Task The_qwen_image_sizes_are_the_seeds_list_plus_dashscopes_4_to_3_pair(string model, string size)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body(model, extra: new JsonObject { ["size"] = size }));

        var png = PngFile.Parse(await emulator.DownloadAsync(GatewayCalls.Urls(body)[0]));
        Assert.Equal(size, $"{png.Width}x{png.Height}"); // made at the size asked for
    }

    [Theory]
    [InlineData("1024x1024", "Supported sizes: 1664x928, 1472x1140, 1328x1328, 1140x1472, 928x1664.")]
    [InlineData("1140x1140", "The size 1140x1140 is not supported by the model qwen-image-plus.")]
    [InlineData("1328*1328", "WxH with an x")]
    [InlineData("1328X1328", "WxH with an x")]
    [InlineData("1328x", "WxH with an x")]
    [InlineData("0x1328", "WxH with an x")]
    [InlineData("", "WxH with an x")]
    public async Task Other_sizes_are_refused_naming_the_list(string size, string says)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { ["size"] = size }));

        await GatewayCalls.AssertInvalidAsync(response, "size", says);
        Assert.DoesNotContain(emulator.Control.Requests, r => r.Kind == "download");
    }

    [Fact]
    public async Task A_size_that_is_not_a_string_is_refused()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { ["size"] = 1328 }));

        await GatewayCalls.AssertInvalidAsync(response, "size", "WxH");
    }

    [Theory]
    [InlineData("qwen-image-2.0", "2048x2048", true)]
    [InlineData("qwen-image-2.0", "512x512", true)]
    [InlineData("qwen-image-2.0-pro", "4096x1024", true)] // pixels within 512² to 2048²: DashScope's rule
    [InlineData("qwen-image-2.0", "4096x4096", false)]
    [InlineData("qwen-image-2.0", "1472x1140", true)]
    [InlineData("qwen-image-max", "1472x1104", true)] // not in the seed: DashScope's list
    [InlineData("qwen-image-max", "1472x1140", false)]
    [InlineData("qwen-image-plus-2026-01-09", "1472x1140", false)]
    [InlineData("wan2.6-t2i", "1280x1280", true)]
    [InlineData("wan2.6-t2i", "1024x1024", false)]
    public async Task Models_the_seed_lists_no_sizes_for_take_dashscopes_rule_written_WxH(string model, string size, bool accepted)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(model, extra: new JsonObject { ["size"] = size }));

        if (accepted)
        {
            var body = await EmulatorSession.ReadJsonAsync(response);
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
            var png = PngFile.Parse(await emulator.DownloadAsync(GatewayCalls.Urls(body)[0]));
            Assert.Equal(size, $"{png.Width}x{png.Height}");
        }
        else
        {
            await GatewayCalls.AssertInvalidAsync(response, "size", size); // the message speaks the gateway's WxH
        }
    }

    [Theory]
    [InlineData("qwen-image-plus", 1328, 1328)] // "1328x1328 (1:1，默认)", not DashScope's 1664*928
    [InlineData("qwen-image", 1328, 1328)]
    [InlineData("qwen-image-max", 1664, 928)] // DashScope's default
    [InlineData("qwen-image-2.0", 2048, 2048)]
    [InlineData("wan2.6-t2i", 1280, 1280)]
    public async Task Without_a_size_the_default_is_the_seeds_or_else_dashscopes(string model, int width, int height)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body(model));

        var png = PngFile.Parse(await emulator.DownloadAsync(Assert.Single(GatewayCalls.Urls(body)))); // n defaults to 1, even for wan2.6
        Assert.Equal((width, height), (png.Width, png.Height));
    }

    [Theory]
    [InlineData("qwen-image-plus", 2)]
    [InlineData("qwen-image", 0)]
    [InlineData("qwen-image-2.0", 2)] // "其他模型：固定输出1张图片"
    [InlineData("wan2.6-t2i", 4)]
    public async Task Other_models_make_exactly_one_image(string model, int n)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(model, extra: new JsonObject { ["n"] = n }));

        await GatewayCalls.AssertInvalidAsync(response, "n", $"The model {model} makes exactly 1 image: n must be 1.");
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("\"1\"")]
    [InlineData("true")]
    public async Task N_must_be_a_whole_json_number(string n)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { ["n"] = JsonNode.Parse(n) }));

        await GatewayCalls.AssertInvalidAsync(response, "n", "n must be 1");
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("2147483647", true)]
    [InlineData("-1", false)]
    [InlineData("2147483648", false)]
    [InlineData("1.5", false)]
    [InlineData("\"7\"", false)]
    public async Task The_seed_is_an_integer_in_0_to_2147483647(string seed, bool accepted)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { ["seed"] = JsonNode.Parse(seed) }));

        if (accepted)
        {
            Assert.Equal(200, (int)response.StatusCode);
        }
        else
        {
            await GatewayCalls.AssertInvalidAsync(response, "seed", "between 0 and 2147483647");
        }
    }

    [Fact]
    public async Task The_same_seed_and_prompt_make_the_same_image()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = GatewayCalls.Body(extra: new JsonObject { ["seed"] = 7, ["response_format"] = "b64_json" });

        var first = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, body);
        var second = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, body);
        body["seed"] = 8;
        var other = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, body);

        Assert.Equal(first["data"]!.ToJsonString(), second["data"]!.ToJsonString());
        Assert.NotEqual(first["data"]!.ToJsonString(), other["data"]!.ToJsonString());
    }

    [Theory]
    [InlineData("watermark", "\"false\"", "watermark", "The watermark must be a boolean.")]
    [InlineData("response_format", "\"png\"", "response_format", "\"url\" or \"b64_json\"")]
    [InlineData("response_format", "\"URL\"", "response_format", "\"url\" or \"b64_json\"")]
    [InlineData("optimize_prompt_options", "true", "optimize_prompt_options", "must be an object")]
    [InlineData("optimize_prompt_options", """{"enable":"yes"}""", "optimize_prompt_options.enable", "must be a boolean")]
    [InlineData("optimize_prompt_options", """{"negative_prompt":5}""", "optimize_prompt_options.negative_prompt", "must be a string")]
    public async Task Each_optional_field_has_its_type(string field, string value, string param, string says)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { [field] = JsonNode.Parse(value) }));

        await GatewayCalls.AssertInvalidAsync(response, param, says);
    }

    [Fact]
    public async Task Null_optional_fields_and_unknown_ones_are_ignored()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = """{"prompt":"a cat","model":"qwen-image","size":null,"n":null,"seed":null,"response_format":null,"quality":"hd","style":"vivid","user":"u1"}""";

        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Generations, body);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task The_negative_prompt_is_at_most_500_characters_counted_as_the_service_counts()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var ok500 = string.Concat(Enumerable.Repeat("😀", 500)); // 1000 UTF-16 units, 500 characters
        var body = GatewayCalls.Body(extra: new JsonObject { ["optimize_prompt_options"] = new JsonObject { ["negative_prompt"] = ok500 } });

        using var accepted = await GatewayCalls.GenerateAsync(emulator, body);
        body["optimize_prompt_options"]!["negative_prompt"] = new string('模', 501);
        using var refused = await GatewayCalls.GenerateAsync(emulator, body);

        Assert.Equal(200, (int)accepted.StatusCode);
        await GatewayCalls.AssertInvalidAsync(refused, "optimize_prompt_options.negative_prompt", "at most 500 characters");
    }

    [Fact]
    public async Task A_long_prompt_is_cut_to_the_models_limit_not_refused()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var fields = new JsonObject { ["seed"] = 1, ["response_format"] = "b64_json" };

        var cut = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body(prompt: new string('猫', 800) + "狗", extra: fields));
        var exact = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body(prompt: new string('猫', 800), extra: fields));

        Assert.Equal(exact["data"]!.ToJsonString(), cut["data"]!.ToJsonString()); // qwen-image: 800 characters (API doc §5.1)
    }

    [Theory]
    [InlineData("prompt", null, "missing_required_parameter", "Missing required parameter: 'prompt'.")]
    [InlineData("prompt", "\"   \"", "invalid_value", "The prompt must not be empty.")]
    [InlineData("prompt", "[\"a cat\"]", "invalid_value", "The prompt must be a string.")]
    [InlineData("model", null, "missing_required_parameter", "Missing required parameter: 'model'.")]
    [InlineData("model", "\"\"", "invalid_value", "The model must not be empty.")]
    public async Task Prompt_and_model_are_required(string field, string? value, string code, string message)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = GatewayCalls.Body();
        body.Remove(field);
        if (value is not null)
        {
            body[field] = JsonNode.Parse(value);
        }

        using var response = await GatewayCalls.GenerateAsync(emulator, body);

        var error = await GatewayCalls.AssertErrorAsync(response, 400, "invalid_request_error", code, field);
        Assert.Equal(message, error["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("dall-e-3")]
    [InlineData("QWEN-IMAGE-PLUS")] // model ids are case-sensitive, as on DashScope
    [InlineData("wan2.5-t2i-preview")] // DashScope serves it on the old async protocol only
    [InlineData("wanx2.1-imageedit")]
    public async Task A_model_neither_the_gateway_nor_dashscopes_sync_side_knows_is_refused(string model)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(model));

        var error = await GatewayCalls.AssertErrorAsync(response, 400, "invalid_request_error", "model_not_found", "model");
        Assert.Contains($"'{model}'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qwen-image-edit-plus")]
    [InlineData("qwen-image-edit")]
    [InlineData("wan2.6-image")]
    public async Task An_editing_model_is_sent_to_the_edits_route(string model)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(model));

        await GatewayCalls.AssertInvalidAsync(response, "model", "/gateway/v1/images/edits");
    }

    [Fact]
    public async Task An_image_on_the_generations_route_is_refused()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = GatewayCalls.Body("qwen-image-2.0");
        body["image"] = new JsonArray(ImageInputs.DataUri(TestImages.Png(512, 512)));

        using var response = await GatewayCalls.GenerateAsync(emulator, body);

        await GatewayCalls.AssertInvalidAsync(response, "image", "takes no image");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"prompt":"a","prompt":"b","model":"qwen-image"}""")]
    [InlineData("")]
    public async Task A_body_that_is_not_one_json_object_is_refused(string body)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Generations, body);

        await GatewayCalls.AssertErrorAsync(response, 400, "invalid_request_error", "invalid_json");
    }
}
