using System;
using System.Buffers.Binary;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>
/// wanx2.1-imageedit (API doc §3.2, §5.9): its functions, which parameters each takes, the mask rules, the output
/// size of expand and super_resolution, and Beijing only.
/// </summary>
public sealed class ImageEditFunctionTests
{
    private static readonly TimeSpan ToTheEnd = TimeSpan.FromSeconds(4);
    private static readonly string Base = ImageInputs.DataUri(TestImages.Png(1024, 768));
    private static readonly string Mask = ImageInputs.DataUri(TestImages.Png(1024, 768, seed: 9));

    private const string AllFunctions =
        "stylization_all, stylization_local, description_edit, description_edit_with_mask, remove_watermark, expand, super_resolution, colorization, doodle, control_cartoon_feature";

    [Theory]
    [InlineData("stylization_all")]
    [InlineData("stylization_local")]
    [InlineData("description_edit")]
    [InlineData("description_edit_with_mask")]
    [InlineData("remove_watermark")]
    [InlineData("remove_watermaker")] // the SDKs' spelling (API doc §13.5)
    [InlineData("expand")]
    [InlineData("super_resolution")]
    [InlineData("colorization")]
    [InlineData("doodle")]
    [InlineData("control_cartoon_feature")]
    public async Task Every_function_makes_one_image_of_the_base_size_by_default(string function)
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var mask = function == "description_edit_with_mask" ? Mask : null;

        var id = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit(function, Base, mask));
        clock.Advance(ToTheEnd);
        var done = await emulator.QueryOkAsync(id);

        var result = done["output"]!["results"]!.AsArray().Single()!;
        Assert.Equal(["orig_prompt", "url"], TaskCalls.Keys(result)); // no prompt rewriting here
        Assert.Equal("""{"TOTAL":1,"SUCCEEDED":1,"FAILED":0}""", done["output"]!["task_metrics"]!.ToJsonString());
        Assert.Equal(new PngFile(1024, 768, 8, 2), PngFile.Parse(await emulator.DownloadAsync(TaskCalls.ResultUrls(done)[0])));
    }

    [Fact]
    public async Task Both_spellings_of_remove_watermark_are_the_same_function()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        JsonObject Seeded() => new() { ["seed"] = 11 };

        var right = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("remove_watermark", Base, parameters: Seeded()));
        var sdk = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("remove_watermaker", Base, parameters: Seeded()));
        clock.Advance(ToTheEnd);

        Assert.Equal(await OnlyImageAsync(emulator, right), await OnlyImageAsync(emulator, sdk));
    }

    [Theory]
    [InlineData(null, "input.function is required; it must be one of: " + AllFunctions + ".")]
    [InlineData("erase", "The function erase is not supported; it must be one of: " + AllFunctions + ".")]
    [InlineData("Expand", "The function Expand is not supported; it must be one of: " + AllFunctions + ".")]
    public async Task An_unknown_function_is_refused_with_the_list(string? function, string message)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = ImageInputs.ImageEdit(function ?? "x", Base);
        if (function is null)
        {
            body["input"]!.AsObject().Remove("function");
        }

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, body);

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", message);
    }

    [Theory]
    [InlineData("prompt", "input.prompt is required")]
    [InlineData("base_image_url", "input.base_image_url is required")]
    public async Task The_prompt_and_the_base_image_are_required(string field, string message)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = ImageInputs.ImageEdit("colorization", Base);
        body["input"]!.AsObject().Remove(field);

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, body);

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", message);
    }

    [Theory]
    [InlineData("description_edit_with_mask", false, "input.mask_image_url is required for the function description_edit_with_mask.")]
    [InlineData("description_edit", true, "The parameter mask_image_url is not supported by the function description_edit.")]
    [InlineData("stylization_local", true, "The parameter mask_image_url is not supported by the function stylization_local.")]
    [InlineData("expand", true, "The parameter mask_image_url is not supported by the function expand.")]
    public async Task A_mask_is_required_by_one_function_and_refused_by_the_others(string function, bool withMask, string message)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit(function, Base, withMask ? Mask : null));

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", message);
    }

    [Fact]
    public async Task The_mask_must_have_the_base_images_size()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var small = ImageInputs.DataUri(TestImages.Png(512, 512));

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("description_edit_with_mask", Base, small));

        await EmulatorSession.AssertErrorAsync(
            response, 400, "InvalidParameter", "The mask image size 512*512 does not match the base image size 1024*768; they must be the same.");
    }

    [Theory]
    [InlineData("stylization_all", """{"strength":0.7}""", null)]
    [InlineData("description_edit_with_mask", """{"strength":1}""", null)]
    [InlineData("description_edit", """{"strength":0}""", null)]
    [InlineData("stylization_local", """{"strength":1.5}""", "The parameter strength must be a number between 0.0 and 1.0.")]
    [InlineData("stylization_local", """{"strength":"0.5"}""", "The parameter strength must be a number between 0.0 and 1.0.")]
    [InlineData("expand", """{"strength":0.5}""", "The parameter strength is not supported by the function expand.")]
    [InlineData("colorization", """{"strength":0.5}""", "The parameter strength is not supported by the function colorization.")]
    [InlineData("expand", """{"top_scale":2.0,"bottom_scale":1,"left_scale":1.5,"right_scale":1.25}""", null)]
    [InlineData("expand", """{"left_scale":0.9}""", "The parameter left_scale must be a number between 1.0 and 2.0.")]
    [InlineData("expand", """{"bottom_scale":2.01}""", "The parameter bottom_scale must be a number between 1.0 and 2.0.")]
    [InlineData("super_resolution", """{"top_scale":1.5}""", "The parameter top_scale is not supported by the function super_resolution.")]
    [InlineData("super_resolution", """{"upscale_factor":4}""", null)]
    [InlineData("super_resolution", """{"upscale_factor":5}""", "The parameter upscale_factor must be an integer between 1 and 4.")]
    [InlineData("super_resolution", """{"upscale_factor":2.5}""", "The parameter upscale_factor must be an integer between 1 and 4.")]
    [InlineData("description_edit", """{"upscale_factor":2}""", "The parameter upscale_factor is not supported by the function description_edit.")]
    [InlineData("doodle", """{"is_sketch":true}""", null)]
    [InlineData("doodle", """{"is_sketch":"yes"}""", "The parameter is_sketch must be a boolean.")]
    [InlineData("remove_watermark", """{"is_sketch":false}""", "The parameter is_sketch is not supported by the function remove_watermark.")]
    [InlineData("control_cartoon_feature", """{"right_scale":1.2}""", "The parameter right_scale is not supported by the function control_cartoon_feature.")]
    public async Task Each_function_takes_only_its_own_parameters(string function, string parameters, string? message)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var mask = function == "description_edit_with_mask" ? Mask : null;

        using var response = await emulator.CreateAsync(
            ImageInputs.ImageToImagePath, ImageInputs.ImageEdit(function, Base, mask, JsonNode.Parse(parameters)!.AsObject()));

        if (message is null)
        {
            Assert.Equal(200, (int)response.StatusCode);
        }
        else
        {
            await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", message);
        }
    }

    [Fact]
    public async Task Expand_grows_each_axis_by_its_two_scales_minus_one()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var parameters = new JsonObject { ["left_scale"] = 1.5, ["right_scale"] = 1.2, ["bottom_scale"] = 2.0 };

        var id = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit(
            "expand", ImageInputs.DataUri(TestImages.Jpeg(1000, 600), "image/jpeg"), parameters: parameters));
        clock.Advance(ToTheEnd);

        Assert.Equal(new PngFile(1700, 1200, 8, 2), PngFile.Parse(await OnlyImageAsync(emulator, id))); // 1000*(1.5+1.2-1), 600*(1+2-1)
    }

    [Fact]
    public async Task Super_resolution_multiplies_the_base_size_up_to_8192_a_side()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        var times3 = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit(
            "super_resolution", ImageInputs.DataUri(TestImages.Png(600, 512)), parameters: new JsonObject { ["upscale_factor"] = 3 }));
        var capped = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit(
            "super_resolution", ImageInputs.DataUri(TestImages.Jpeg(4096, 1024), "image/jpeg"), parameters: new JsonObject { ["upscale_factor"] = 4 }));
        clock.Advance(ToTheEnd);

        Assert.Equal(new PngFile(1800, 1536, 8, 2), PngFile.Parse(await OnlyImageAsync(emulator, times3)));
        var big = await OnlyImageAsync(emulator, capped);
        Assert.Equal((8192, 2048), (BinaryPrimitives.ReadInt32BigEndian(big.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(big.AsSpan(20))));
    }

    [Fact]
    public async Task The_settings_of_a_function_change_its_result()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        JsonObject Strength(double value) => new() { ["seed"] = 4, ["strength"] = value };

        var weak = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("stylization_all", Base, parameters: Strength(0.2)));
        var strong = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("stylization_all", Base, parameters: Strength(0.9)));
        var weakAgain = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("stylization_all", Base, parameters: Strength(0.2)));
        clock.Advance(TimeSpan.FromSeconds(8)); // two slots: the third task runs after the first

        var a = await OnlyImageAsync(emulator, weak);
        Assert.NotEqual(a, await OnlyImageAsync(emulator, strong));
        Assert.Equal(a, await OnlyImageAsync(emulator, weakAgain));
    }

    [Theory]
    [InlineData(4, 200)]
    [InlineData(5, 400)]
    public async Task N_is_one_to_four_and_one_by_default(int n, int status)
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("colorization", Base, parameters: new JsonObject { ["n"] = n }));

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 200)
        {
            var id = (await EmulatorSession.ReadJsonAsync(response))["output"]!["task_id"]!.GetValue<string>();
            clock.Advance(ToTheEnd);
            Assert.Equal(n, TaskCalls.ResultUrls(await emulator.QueryOkAsync(id)).Length);
        }
    }

    [Fact]
    public async Task The_output_size_is_the_functions_so_a_size_parameter_is_refused()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit(
            "colorization", Base, parameters: new JsonObject { ["size"] = "1024*1024" }));

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", "The parameter size is not supported by the model wanx2.1-imageedit.");
    }

    [Theory]
    [InlineData("ap-southeast-1")]
    [InlineData("us-east-1")]
    public async Task It_exists_in_beijing_only(string region)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("colorization", Base), region);

        await EmulatorSession.AssertErrorAsync(response, 404, "ModelNotFound", "Model not exist.");
    }

    [Theory]
    [InlineData(511, 600, 400, "InvalidParameter")]
    [InlineData(4097, 600, 400, "InvalidParameter")]
    [InlineData(4096, 512, 200, null)]
    public async Task The_base_image_is_512_to_4096_pixels_a_side(int width, int height, int status, string? code)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit(
            "colorization", ImageInputs.DataUri(TestImages.Jpeg(width, height), "image/jpeg")));

        Assert.Equal(status, (int)response.StatusCode);
        if (code is not null)
        {
            var error = await EmulatorSession.AssertErrorAsync(response, status, code);
            Assert.StartsWith($"The base image is {width}*{height} pixels", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_gif_is_not_a_base_image()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("colorization", ImageInputs.DataUri(TestImages.Gif(800, 800))));

        await EmulatorSession.AssertErrorAsync(response, 415, "BadRequest.UnsupportedFileFormat");
    }

    private static async Task<byte[]> OnlyImageAsync(EmulatorSession emulator, string taskId) =>
        await emulator.DownloadAsync(TaskCalls.ResultUrls(await emulator.QueryOkAsync(taskId)).Single());
}
