using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>
/// wan2.5-i2i-preview on <c>image2image/image-synthesis</c> (API doc §3.2, §5.8): the async header, 1–3 reference
/// images, sizes that keep the last image's ratio, n defaulting to 4, and old-protocol results.
/// </summary>
public sealed class ImageToImageTests
{
    private static readonly TimeSpan ToTheEnd = TimeSpan.FromSeconds(4);
    private static readonly string Square = ImageInputs.DataUri(TestImages.Png(512, 512));
    private static readonly string Wide = ImageInputs.DataUri(TestImages.Jpeg(1600, 900), "image/jpeg");

    [Fact]
    public async Task Four_images_at_the_last_inputs_ratio_when_nothing_is_said()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        var id = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(images: [Square, Wide]));
        clock.Advance(ToTheEnd);
        var done = await emulator.QueryOkAsync(id);

        var urls = TaskCalls.ResultUrls(done);
        Assert.Equal(4, urls.Distinct().Count());
        Assert.Equal("""{"TOTAL":4,"SUCCEEDED":4,"FAILED":0}""", done["output"]!["task_metrics"]!.ToJsonString());
        Assert.Equal(4, done["usage"]!["image_count"]!.GetValue<int>());
        var first = done["output"]!["results"]![0]!;
        Assert.Equal(["orig_prompt", "actual_prompt", "url"], TaskCalls.Keys(first));
        Assert.Equal(new PngFile(1696, 960, 8, 2), PngFile.Parse(await emulator.DownloadAsync(urls[0]))); // 16:9 within 1280*1280
    }

    [Theory]
    [InlineData("1280*1280", true)]
    [InlineData("768*768", true)]
    [InlineData("2048*512", true)]  // exactly 4:1
    [InlineData("767*768", false)]
    [InlineData("1281*1280", false)]
    [InlineData("2100*500", false)] // past 4:1
    public async Task A_size_is_bounded_in_pixels_and_ratio(string size, bool accepted)
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        using var response = await emulator.CreateAsync(
            ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(new JsonObject { ["size"] = size, ["n"] = 1 }, Wide));

        if (!accepted)
        {
            var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
            Assert.Contains("size", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
            return;
        }

        var id = (await EmulatorSession.ReadJsonAsync(response))["output"]!["task_id"]!.GetValue<string>();
        clock.Advance(ToTheEnd);
        var png = PngFile.Parse(await emulator.DownloadAsync(TaskCalls.ResultUrls(await emulator.QueryOkAsync(id)).Single()));
        Assert.Equal(size, $"{png.Width}*{png.Height}"); // given exactly: not reshaped by the input
    }

    [Fact]
    public async Task A_very_tall_input_gives_the_tallest_allowed_shape()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        var id = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(
            new JsonObject { ["n"] = 1 }, ImageInputs.DataUri(TestImages.Bmp(384, 5000), "image/bmp")));
        clock.Advance(ToTheEnd);

        var png = PngFile.Parse(await emulator.DownloadAsync(TaskCalls.ResultUrls(await emulator.QueryOkAsync(id)).Single()));
        Assert.Equal((640, 2560), (png.Width, png.Height)); // 1:4 at 1280*1280
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(0, false)]
    public async Task N_is_one_to_four(int n, bool accepted)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(new JsonObject { ["n"] = n }, Square));

        Assert.Equal(accepted ? 200 : 400, (int)response.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task It_takes_one_to_three_images(int count)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(images: Enumerable.Repeat(Square, count).ToArray()));

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", "The model wan2.5-i2i-preview takes 1 to 3 input images.");
    }

    [Theory]
    [InlineData("""{"model":"wan2.5-i2i-preview","input":{"images":["data:x"]}}""", "input.prompt is required")]
    [InlineData("""{"model":"wan2.5-i2i-preview","input":{"prompt":"a cat"}}""", "The field input.images is required and must be an array of image URLs.")]
    [InlineData("""{"model":"wan2.5-i2i-preview","input":{"prompt":"a cat","images":"https://example.com/a.png"}}""", "The field input.images is required and must be an array of image URLs.")]
    [InlineData("""{"model":"wan2.5-i2i-preview","input":{"prompt":"a cat","images":[42]}}""", "The provided URL does not appear to be valid.")]
    [InlineData("""{"model":"wan2.5-i2i-preview","input":{"prompt":"a cat","negative_prompt":1,"images":[]}}""", "The field input.negative_prompt must be a string.")]
    public async Task The_input_is_checked(string body, string message)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, JsonNode.Parse(body)!.AsObject());

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", message);
    }

    [Fact]
    public async Task Images_are_checked_against_the_models_rule_at_creation()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var tiff = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(
            images: [Square, ImageInputs.DataUri(TestImages.Tiff(800, 800), "image/tiff")]));
        using var small = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(
            images: ImageInputs.DataUri(TestImages.Png(383, 600))));
        using var large = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(
            images: ImageInputs.DataUri(TestImages.Jpeg(5001, 600), "image/jpeg")));
        using var foreign = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(images: "https://example.com/cat.png"));

        var error = await EmulatorSession.AssertErrorAsync(tiff, 415, "BadRequest.UnsupportedFileFormat");
        Assert.StartsWith("The format of the image input.images[1] is not supported", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        error = await EmulatorSession.AssertErrorAsync(small, 400, "InvalidParameter");
        Assert.StartsWith("The image input.images[0] is 383*600 pixels; the model wan2.5-i2i-preview takes images whose width and height are each between 384 and 5000",
            error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await EmulatorSession.AssertErrorAsync(large, 400, "InvalidParameter");
        await EmulatorSession.AssertErrorAsync(foreign, 400, "InvalidURL");
        Assert.Empty(TaskCalls.Ids(await emulator.ListOkAsync()));
    }

    [Theory]
    [InlineData("cn-beijing", 200)]
    [InlineData("ap-southeast-1", 200)]
    [InlineData("us-east-1", 404)]
    public async Task It_is_served_in_beijing_and_singapore(string region, int status)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(images: Square), region);

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task The_endpoint_needs_the_async_header()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(images: Square), asyncHeader: null);

        await EmulatorSession.AssertErrorAsync(response, 403, "AccessDenied", "current user api does not support synchronous calls");
    }

    [Theory]
    [InlineData(ImageInputs.ImageToImagePath, "qwen-image-edit-plus", 400)] // sync only: "does not support asynchronous calls"
    [InlineData(ImageInputs.ImageToImagePath, "wan2.2-t2i-flash", 404)]
    [InlineData(ImageInputs.ImageToImagePath, "wan2.6-image", 404)]
    [InlineData(TaskCalls.SynthesisPath, "wan2.5-i2i-preview", 404)]
    [InlineData(TaskCalls.AsyncGenerationPath, "wanx2.1-imageedit", 404)]
    public async Task Each_async_endpoint_serves_its_own_models(string path, string model, int status)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = ImageInputs.ReferenceImages(images: Square);
        body["model"] = model;

        using var response = await emulator.CreateAsync(path, body);

        var error = await EmulatorSession.AssertErrorAsync(response, status, status == 404 ? "ModelNotFound" : "InvalidParameter");
        if (status == 400)
        {
            Assert.Equal($"The model {model} does not support asynchronous calls.", error["message"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Image_to_image_tasks_are_listed_and_cancelled_like_the_others()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        var kept = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(images: Square));
        var canceled = await emulator.CreateOkAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(images: Square));
        using var cancel = await emulator.CancelAsync(canceled);
        var listed = await emulator.ListOkAsync("model_name=wan2.5-i2i-preview");

        Assert.Equal(200, (int)cancel.StatusCode);
        Assert.Equal(new[] { kept, canceled }.Order(StringComparer.Ordinal), TaskCalls.Ids(listed).Order(StringComparer.Ordinal));
        Assert.Equal("CANCELED", await emulator.StatusAsync(canceled));
        Assert.Equal("PENDING", await emulator.StatusAsync(kept));
    }
}
