using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>
/// How input images are read (API doc §6): data URIs, the emulator's own result URLs, and nothing from the network;
/// and the per-model checks of §5.2/§5.6 on what was read.
/// </summary>
public sealed class InputImageTests
{
    private const string Edit = "qwen-image-edit-plus";

    [Fact]
    public async Task A_data_uri_is_read_by_its_bytes_whatever_mime_it_declares()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var jpeg = TestImages.Jpeg(1200, 600);

        var declaredPng = await emulator.GenerateOkAsync(Bodies.Generation(Edit, images: ImageInputs.DataUri(jpeg, "image/png")));
        var octets = await emulator.GenerateOkAsync(Bodies.Generation(Edit, images: ImageInputs.DataUri(jpeg, "application/octet-stream")));

        Assert.Equal(1456, declaredPng["usage"]!["width"]!.GetValue<int>()); // 2:1 at about 1024*1024
        Assert.Equal(declaredPng["usage"]!.ToJsonString(), octets["usage"]!.ToJsonString());
    }

    [Theory]
    [InlineData("data:image/png,iVBORw0KGgo=")]          // not base64
    [InlineData("data:image/png;base64,@@not base64@@")]
    [InlineData("data:image/png;base64,")]
    public async Task A_malformed_data_uri_is_refused(string uri)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(Edit, images: uri));

        var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
        Assert.Equal("The image 1 is not a valid data URI: expected data:{mime};base64,{data}.", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_emulators_own_result_urls_are_read_in_process_while_they_are_valid()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var result = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation(
            "qwen-image-2.0", parameters: new JsonObject { ["size"] = "1024*768" }))).Single();
        var viaLocalhost = new UriBuilder(result) { Host = "localhost" }.Uri;

        var edited = await emulator.GenerateOkAsync(Bodies.Generation(Edit, images: result.AbsoluteUri));
        var again = await emulator.GenerateOkAsync(Bodies.Generation(Edit, images: viaLocalhost.AbsoluteUri));
        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        using var expired = await emulator.GenerateAsync(Bodies.Generation(Edit, images: result.AbsoluteUri));

        Assert.Equal("""{"width":1184,"height":880,"image_count":1}""", edited["usage"]!.ToJsonString()); // 4:3 kept
        Assert.Equal(edited["usage"]!.ToJsonString(), again["usage"]!.ToJsonString());
        await EmulatorSession.AssertErrorAsync(expired, 400, "InvalidURL");
    }

    [Fact]
    public async Task A_tampered_or_unknown_result_url_of_the_emulator_fails_like_a_download()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var result = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation("qwen-image"))).Single();
        var tampered = result.AbsoluteUri.Replace("Signature=", "Signature=x", StringComparison.Ordinal);
        var unknown = new Uri(emulator.Server.BaseAddress, "results/0123.png?Expires=9999999999&OSSAccessKeyId=LTAI5temulator&Signature=abc");

        using var a = await emulator.GenerateAsync(Bodies.Generation(Edit, images: tampered));
        using var b = await emulator.GenerateAsync(Bodies.Generation(Edit, images: unknown.AbsoluteUri));

        await EmulatorSession.AssertErrorAsync(a, 400, "InvalidURL");
        await EmulatorSession.AssertErrorAsync(b, 400, "InvalidURL");
    }

    [Fact]
    public async Task A_foreign_url_is_refused_without_any_outgoing_request()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        // A real server on another loopback port: had the emulator tried to fetch from it, it would see a connection.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var foreign = $"http://127.0.0.1:{port}/cat.png";

            using var local = await emulator.GenerateAsync(Bodies.Generation(Edit, images: foreign));
            using var remote = await emulator.GenerateAsync(Bodies.Generation(Edit, images: "https://example.com/cat.png"));
            using var notUrl = await emulator.GenerateAsync(Bodies.Generation(Edit, images: "ftp://example.com/cat.png"));

            var error = await EmulatorSession.AssertErrorAsync(local, 400, "InvalidURL");
            Assert.Contains(foreign, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("download", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
            await EmulatorSession.AssertErrorAsync(remote, 400, "InvalidURL");
            await EmulatorSession.AssertErrorAsync(notUrl, 400, "InvalidParameter", "The provided URL does not appear to be valid.");
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_file_over_10_mb_is_too_large_and_10_mb_is_not()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        const int tenMb = 10 * 1024 * 1024;
        var png = TestImages.Png(512, 512);
        var atLimit = new byte[tenMb];
        var over = new byte[tenMb + 1];
        png.CopyTo(atLimit, 0); // the reader needs the header only; trailing bytes after IEND are ignored
        png.CopyTo(over, 0);

        using var ok = await emulator.GenerateAsync(Bodies.Generation(Edit, images: ImageInputs.DataUri(atLimit)));
        using var tooLarge = await emulator.GenerateAsync(Bodies.Generation(Edit, images: ImageInputs.DataUri(over)));

        Assert.Equal(200, (int)ok.StatusCode);
        var error = await EmulatorSession.AssertErrorAsync(tooLarge, 413, "BadRequest.TooLarge");
        Assert.Equal(
            "The image 1 is 10485761 bytes; the model qwen-image-edit-plus takes image files of at most 10 MB (10485760 bytes).",
            error["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("wan2.6-image", "gif")]
    [InlineData("wan2.6-image", "tiff")]
    [InlineData(Edit, "pdf")]
    public async Task A_format_the_model_does_not_take_is_unsupported(string model, string format)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var file = format == "pdf" ? "%PDF-1.7\n%âãÏÓ\n1 0 obj"u8.ToArray() : TestImagesTests.Make(format, 800, 800);

        using var response = await emulator.GenerateAsync(Bodies.Generation(model, images: ImageInputs.DataUri(file)));

        var error = await EmulatorSession.AssertErrorAsync(response, 415, "BadRequest.UnsupportedFileFormat");
        Assert.StartsWith($"The format of the image 1 is not supported; the model {model} takes JPEG, PNG, BMP", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("gif")]
    [InlineData("bmp")]
    [InlineData("webp")]
    [InlineData("tiff")]
    public async Task Qwen_edit_takes_every_documented_format(string format)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await emulator.GenerateOkAsync(Bodies.Generation(Edit, images: ImageInputs.DataUri(TestImagesTests.Make(format, 768, 1024))));

        Assert.Equal("""{"width":880,"height":1184,"image_count":1}""", body["usage"]!.ToJsonString());
    }

    [Fact]
    public async Task A_damaged_header_is_refused_by_name()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(Edit, images: "data:image/png;base64,iVBORw0KGgo="));

        await EmulatorSession.AssertErrorAsync(
            response, 400, "InvalidParameter", "The image 1 could not be read: its PNG header is damaged or incomplete.");
    }

    [Theory]
    [InlineData(Edit, 384, 3072, true)]
    [InlineData(Edit, 383, 1000, false)]
    [InlineData(Edit, 1000, 3073, false)]
    [InlineData("wan2.6-image", 240, 8000, true)]
    [InlineData("wan2.6-image", 239, 500, false)]
    [InlineData("wan2.6-image", 8001, 500, false)]
    [InlineData("qwen-image-2.0", 383, 500, false)]
    public async Task Each_side_must_be_in_the_models_range(string model, int width, int height, bool accepted)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var image = ImageInputs.DataUri(TestImages.Jpeg(width, height), "image/jpeg");

        using var response = await emulator.GenerateAsync(Bodies.Generation(model, parameters: new JsonObject { ["n"] = 1 }, images: image));

        if (accepted)
        {
            Assert.Equal(200, (int)response.StatusCode);
        }
        else
        {
            var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
            Assert.StartsWith($"The image 1 is {width}*{height} pixels; the model {model} takes images whose width and height are each between",
                error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_first_bad_image_is_named_by_its_position()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var good = ImageInputs.DataUri(TestImages.Png(512, 512));

        using var response = await emulator.GenerateAsync(Bodies.Generation(
            Edit, images: [good, good, ImageInputs.DataUri(TestImages.Png(100, 512))]));

        var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
        Assert.StartsWith("The image 3 is 100*512 pixels", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
