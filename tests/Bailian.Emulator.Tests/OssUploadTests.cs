using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml.Linq;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>
/// The form upload to <c>upload_host</c> (API doc §6.1) with OSS's checks and XML errors, and uploaded files used as
/// <c>oss://</c> inputs: the resolve header, the policy's model and region, and the 48-hour lifetime.
/// </summary>
public sealed class OssUploadTests
{
    private const string Model = "qwen-image-edit-plus";
    private const long UploadPolicy1Gb = 1024L * 1024 * 1024;
    private static readonly byte[] Png = TestImages.Png(512, 512);

    [Fact]
    public async Task A_good_upload_answers_200_with_no_body_and_is_stored()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var policy = await emulator.PolicyAsync(Model);
        var fields = UploadCalls.Fields(policy, "cat.png");

        using var response = await emulator.UploadAsync(policy, fields, "cat.png", Png);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(response.Headers.ETag);
        var stored = Assert.Single(emulator.Control.UploadedObjects);
        Assert.Equal(
            new UploadedObject(policy["upload_dir"] + "/cat.png", Model, "cn-beijing", Png.Length, "image/png", clock.GetUtcNow()),
            stored);
    }

    [Fact]
    public async Task An_uploaded_file_is_an_oss_input_with_the_resolve_header()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var oss = await emulator.UploadOkAsync(TestImages.Jpeg(1600, 900), Model, "wide.jpg");

        var body = Bodies.Generation(Model, images: oss);
        using var resolved = await emulator.GenerateResolvingAsync(body);
        using var unresolved = await emulator.GenerateAsync(body);

        Assert.Equal(200, (int)resolved.StatusCode);
        Assert.Equal("""{"width":1360,"height":768,"image_count":1}""", (await EmulatorSession.ReadJsonAsync(resolved))["usage"]!.ToJsonString());
        await EmulatorSession.AssertErrorAsync(unresolved, 400, "InvalidParameter",
            $"The oss resource {oss} could not be resolved: set the header X-DashScope-OssResourceResolve: enable to use oss:// URLs.");
    }

    [Fact]
    public async Task An_uploaded_file_serves_only_the_model_and_region_of_its_policy()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var oss = await emulator.UploadOkAsync(Png, Model);

        using var otherModel = await emulator.GenerateResolvingAsync(Bodies.Generation("qwen-image-edit-max", images: oss));
        using var otherRegion = await emulator.GenerateResolvingAsync(Bodies.Generation(Model, images: oss), "ap-southeast-1");

        await EmulatorSession.AssertErrorAsync(otherModel, 400, "InvalidParameter",
            $"The oss resource {oss} could not be resolved: it was uploaded for the model {Model} and cannot be used by qwen-image-edit-max.");
        await EmulatorSession.AssertErrorAsync(otherRegion, 400, "InvalidParameter",
            $"The oss resource {oss} could not be resolved: it was uploaded in another region.");
    }

    [Fact]
    public async Task An_uploaded_file_lives_48_hours()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var oss = await emulator.UploadOkAsync(Png, Model);

        clock.Advance(TimeSpan.FromHours(48));
        using var lastMoment = await emulator.GenerateResolvingAsync(Bodies.Generation(Model, images: oss));
        clock.Advance(TimeSpan.FromSeconds(1));
        using var gone = await emulator.GenerateResolvingAsync(Bodies.Generation(Model, images: oss));

        Assert.Equal(200, (int)lastMoment.StatusCode);
        await EmulatorSession.AssertErrorAsync(gone, 400, "InvalidParameter", $"The oss resource {oss} could not be resolved: the file does not exist or has expired.");
        Assert.Empty(emulator.Control.UploadedObjects);
    }

    [Fact]
    public async Task The_model_still_checks_an_uploaded_file()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var gif = await emulator.UploadOkAsync(TestImages.Gif(800, 800), "wan2.6-image", "anim.gif");

        using var response = await emulator.GenerateResolvingAsync(Bodies.Generation("wan2.6-image", images: gif));

        await EmulatorSession.AssertErrorAsync(response, 415, "BadRequest.UnsupportedFileFormat");
    }

    [Fact]
    public async Task Uploaded_files_feed_the_async_image_to_image_models()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var reference = await emulator.UploadOkAsync(TestImages.Webp(900, 1600), "wan2.5-i2i-preview", "tall.webp");
        var baseImage = await emulator.UploadOkAsync(TestImages.Png(1024, 768), "wanx2.1-imageedit");
        void Resolve(HttpRequestMessage request) => request.Headers.Add(ImageInputs.OssResolveHeader, "enable");

        using var i2i = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ReferenceImages(new JsonObject { ["n"] = 1 }, reference), configure: Resolve);
        using var edit = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("colorization", baseImage), configure: Resolve);
        using var unresolved = await emulator.CreateAsync(ImageInputs.ImageToImagePath, ImageInputs.ImageEdit("colorization", baseImage));
        clock.Advance(TimeSpan.FromSeconds(4));

        var id = (await EmulatorSession.ReadJsonAsync(i2i))["output"]!["task_id"]!.GetValue<string>();
        Assert.Equal(200, (int)edit.StatusCode);
        await EmulatorSession.AssertErrorAsync(unresolved, 400, "InvalidParameter");
        var png = PngFile.Parse(await emulator.DownloadAsync(TaskCalls.ResultUrls(await emulator.QueryOkAsync(id)).Single()));
        Assert.Equal((960, 1696), (png.Width, png.Height)); // 9:16 within 1280*1280
    }

    [Fact]
    public async Task A_wrong_signature_or_access_key_or_an_edited_policy_is_refused()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var policy = await emulator.PolicyAsync(Model);
        var other = await emulator.PolicyAsync(Model);

        var badSignature = await ErrorAsync(emulator, policy, Edit(policy, "Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        var otherSignature = await ErrorAsync(emulator, policy, Edit(policy, "Signature", other["signature"]!.GetValue<string>()));
        var badKey = await ErrorAsync(emulator, policy, Edit(policy, "OSSAccessKeyId", "LTAI5tsomeoneelse"));
        var document = JsonNode.Parse(Convert.FromBase64String(policy["policy"]!.GetValue<string>()))!;
        document["expiration"] = "2099-01-01T00:00:00.000Z";
        var edited = await ErrorAsync(emulator, policy, Edit(policy, "policy", Convert.ToBase64String(Encoding.UTF8.GetBytes(document.ToJsonString()))));

        Assert.Equal((403, "SignatureDoesNotMatch"), badSignature);
        Assert.Equal((403, "SignatureDoesNotMatch"), otherSignature);
        Assert.Equal((403, "InvalidAccessKeyId"), badKey);
        Assert.Equal((403, "SignatureDoesNotMatch"), edited);
        Assert.Empty(emulator.Control.UploadedObjects);
    }

    [Theory]
    [InlineData("elsewhere/cat.png")]
    [InlineData("{dir}")]
    [InlineData("{dir}/")]
    [InlineData("{dir}x/cat.png")]
    public async Task A_key_outside_the_policys_directory_fails_the_policy(string key)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var policy = await emulator.PolicyAsync(Model);
        var dir = policy["upload_dir"]!.GetValue<string>();

        using var response = await emulator.UploadAsync(policy, Edit(policy, "key", key.Replace("{dir}", dir, StringComparison.Ordinal)), "cat.png", Png);

        var error = await AssertOssErrorAsync(response, 403, "AccessDenied");
        Assert.Equal($"Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"$key\", \"{dir}\"]", error.Element("Message")!.Value);
    }

    [Theory]
    [InlineData("x-oss-object-acl", "public-read")]
    [InlineData("x-oss-forbid-overwrite", "false")]
    [InlineData("x-oss-forbid-overwrite", null)]
    public async Task The_acl_and_overwrite_fields_must_match_the_policy(string field, string? value)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var policy = await emulator.PolicyAsync(Model);
        var fields = value is null
            ? UploadCalls.Fields(policy, "cat.png").Where(f => f.Key != field).ToList()
            : Edit(policy, field, value);

        using var response = await emulator.UploadAsync(policy, fields, "cat.png", Png);

        var error = await AssertOssErrorAsync(response, 403, "AccessDenied");
        Assert.StartsWith("Invalid according to Policy: Policy Condition failed: [\"eq\", \"$" + field, error.Element("Message")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_expires_after_300_seconds()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var first = await emulator.PolicyAsync(Model);
        var second = await emulator.PolicyAsync(Model);

        clock.Advance(TimeSpan.FromSeconds(300));
        using var inTime = await emulator.UploadAsync(first, UploadCalls.Fields(first, "a.png"), "a.png", Png);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var late = await emulator.UploadAsync(second, UploadCalls.Fields(second, "b.png"), "b.png", Png);
        clock.Advance(TimeSpan.FromDays(1)); // long forgotten, still known by its signature
        using var ancient = await emulator.UploadAsync(second, UploadCalls.Fields(second, "c.png"), "c.png", Png);

        Assert.Equal(200, (int)inTime.StatusCode);
        Assert.Equal("Invalid according to Policy: Policy expired.", (await AssertOssErrorAsync(late, 403, "AccessDenied")).Element("Message")!.Value);
        Assert.Equal("Invalid according to Policy: Policy expired.", (await AssertOssErrorAsync(ancient, 403, "AccessDenied")).Element("Message")!.Value);
    }

    [Fact]
    public async Task An_existing_key_is_not_overwritten()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var policy = await emulator.PolicyAsync(Model);
        var fields = UploadCalls.Fields(policy, "cat.png");

        using var first = await emulator.UploadAsync(policy, fields, "cat.png", Png);
        using var second = await emulator.UploadAsync(policy, fields, "cat.png", TestImages.Png(600, 600));

        Assert.Equal(200, (int)first.StatusCode);
        var error = await AssertOssErrorAsync(second, 409, "FileAlreadyExists");
        Assert.Equal(fields.Single(f => f.Key == "key").Value, error.Element("Key")!.Value);
        Assert.Equal(Png.Length, Assert.Single(emulator.Control.UploadedObjects).Length);
    }

    [Fact]
    public async Task The_file_must_be_the_last_field()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var policy = await emulator.PolicyAsync(Model);
        var fields = UploadCalls.Fields(policy, "cat.png");
        var contentType = fields.Single(f => f.Key == "x-oss-content-type");

        using var response = await emulator.UploadAsync(policy, fields.Where(f => f.Key != contentType.Key), "cat.png", Png, contentType);

        var error = await AssertOssErrorAsync(response, 400, "InvalidArgument");
        Assert.Equal("The form field x-oss-content-type follows the file field; the file must be the last field of the form.", error.Element("Message")!.Value);
        Assert.Empty(emulator.Control.UploadedObjects);
    }

    [Fact]
    public async Task A_form_without_a_file_or_a_key_or_not_a_form_at_all_is_refused()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var policy = await emulator.PolicyAsync(Model);
        var host = new Uri(policy["upload_host"]!.GetValue<string>());
        using var noFile = new MultipartFormDataContent { { new StringContent("x"), "key" } };
        using var json = new StringContent("{}", Encoding.UTF8, "application/json");

        using var withoutFile = await emulator.Http.PostAsync(host, noFile);
        using var withoutKey = await emulator.UploadAsync(policy, UploadCalls.Fields(policy, "cat.png").Where(f => f.Key != "key"), "cat.png", Png);
        using var notForm = await emulator.Http.PostAsync(host, json);
        using var get = await emulator.Http.GetAsync(host);

        await AssertOssErrorAsync(withoutFile, 400, "InvalidArgument");
        Assert.Equal("The form field key is required.", (await AssertOssErrorAsync(withoutKey, 400, "InvalidArgument")).Element("Message")!.Value);
        await AssertOssErrorAsync(notForm, 400, "MalformedPOSTRequest");
        await AssertOssErrorAsync(get, 405, "MethodNotAllowed");
    }

    [Fact]
    public async Task Files_past_the_servers_usual_30_mb_are_taken_and_past_the_policys_1_gb_refused_unread()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var policy = await emulator.PolicyAsync(Model);
        var big = new byte[31 * 1000 * 1000];
        TestImages.Png(512, 512).CopyTo(big, 0);
        using var huge = new HttpRequestMessage(HttpMethod.Post, new Uri(policy["upload_host"]!.GetValue<string>()))
        {
            Content = new DeclaredLengthContent(UploadPolicy1Gb + (2 * 1024 * 1024)),
        };
        huge.Headers.ExpectContinue = true; // the answer comes before a byte of the body is sent

        using var taken = await emulator.UploadAsync(policy, UploadCalls.Fields(policy, "big.png"), "big.png", big);
        using var refused = await emulator.Http.SendAsync(huge);

        Assert.Equal(200, (int)taken.StatusCode);
        Assert.Equal(big.Length, Assert.Single(emulator.Control.UploadedObjects).Length);
        var error = await AssertOssErrorAsync(refused, 400, "EntityTooLarge");
        Assert.Equal("1073741824", error.Element("MaxSizeAllowed")!.Value);
        Assert.StartsWith("(a body of 1075838976 bytes, past the server's limit", emulator.Control.Requests[^1].Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("201", 201)]
    [InlineData("204", 204)]
    [InlineData(null, 204)]
    public async Task The_success_status_is_the_one_asked_for(string? asked, int status)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var policy = await emulator.PolicyAsync(Model);
        var fields = UploadCalls.Fields(policy, "cat.png").Where(f => f.Key != "success_action_status").ToList();
        if (asked is not null)
        {
            fields.Add(new("success_action_status", asked));
        }

        using var response = await emulator.UploadAsync(policy, fields, "cat.png", Png);

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 201)
        {
            var xml = XElement.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(["Bucket", "Location", "Key", "ETag"], xml.Elements().Select(e => e.Name.LocalName));
            Assert.Equal(fields.Single(f => f.Key == "key").Value, xml.Element("Key")!.Value);
        }
    }

    [Fact]
    public async Task The_log_shows_the_form_but_never_the_file_bytes_or_the_key()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var marker = "PIXELS-4711-NOT-FOR-THE-LOG"u8.ToArray();
        byte[] file = [.. Png, .. marker]; // bytes after IEND: still a PNG to every reader
        var policy = await emulator.PolicyAsync(Model);
        var fields = UploadCalls.Fields(policy, "cat.png");

        using var response = await emulator.UploadAsync(policy, fields, "cat.png", file);
        var oss = "oss://" + fields.Single(f => f.Key == "key").Value;
        using var used = await emulator.GenerateResolvingAsync(Bodies.Generation(Model, images: oss));
        var overHttp = await emulator.Http.GetStringAsync(new Uri(emulator.Server.BaseAddress, "_emulator/requests"));

        Assert.Equal(200, (int)used.StatusCode);
        var upload = emulator.Control.Requests.Single(r => r.Kind == "upload");
        Assert.Equal(("POST", "/oss-upload", null, 200), (upload.Method, upload.Path, upload.Region, upload.StatusCode));
        var logged = JsonNode.Parse(upload.Body)!.AsArray();
        Assert.Equal(fields.Select(f => f.Key).Append("file"), logged.Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal(fields.Select(f => f.Value), logged.Take(fields.Count).Select(f => f!["value"]!.GetValue<string>()));
        Assert.Equal($$"""{"name":"file","fileName":"cat.png","contentType":"application/octet-stream","length":{{file.Length}}}""", logged[^1]!.ToJsonString());
        var everything = overHttp + JsonSerializer.Serialize(emulator.Control.Requests);
        Assert.DoesNotContain("PIXELS-4711", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Png)[..40], everything, StringComparison.Ordinal);
        Assert.DoesNotContain("IHDR", upload.Body, StringComparison.Ordinal);
        foreach (var key in EmulatorServer.ApiKeys.Values)
        {
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        }
    }

    private static List<KeyValuePair<string, string>> Edit(JsonObject policy, string field, string value) =>
        UploadCalls.Fields(policy, "cat.png").Select(f => f.Key == field ? new KeyValuePair<string, string>(field, value) : f).ToList();

    private static async Task<(int Status, string Code)> ErrorAsync(EmulatorSession emulator, JsonObject policy, List<KeyValuePair<string, string>> fields)
    {
        using var response = await emulator.UploadAsync(policy, fields, "cat.png", Png);
        var error = XElement.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, error.Element("Code")!.Value);
    }

    private static async Task<XElement> AssertOssErrorAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var error = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Error", error.Name.LocalName);
        Assert.Equal(code, error.Element("Code")!.Value);
        Assert.Matches("^[0-9A-F]{24}$", error.Element("RequestId")!.Value);
        return error;
    }

    // A body that claims a length and would send zeros; the server answers before asking for any of it.
    private sealed class DeclaredLengthContent : HttpContent
    {
        private readonly long _length;

        public DeclaredLengthContent(long length)
        {
            _length = length;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data") { Parameters = { new("boundary", "x") } };
        }

        protected override async Task SerializeToStreamAsync(System.IO.Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            for (long sent = 0; sent < _length; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, _length - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }
}
