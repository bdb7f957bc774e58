using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>The async create endpoints (API doc §3): the header rule, the per-model rules of §5.1/§5.5/§5.6, and the answer.</summary>
public sealed class AsyncCreateTests
{
    private static readonly TimeSpan ToTheEnd = TimeSpan.FromSeconds(4); // default 1 s pending + 3 s running

    [Theory]
    [InlineData(TaskCalls.SynthesisPath, null)]
    [InlineData(TaskCalls.SynthesisPath, "disable")]
    [InlineData(TaskCalls.AsyncGenerationPath, null)]
    public async Task Without_the_async_header_the_create_endpoints_refuse(string path, string? header)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = path == TaskCalls.SynthesisPath ? SynthesisBodies.One("wan2.2-t2i-flash") : Bodies.Generation("wan2.6-t2i");

        using var response = await emulator.CreateAsync(path, body, asyncHeader: header);

        await EmulatorSession.AssertErrorAsync(response, 403, "AccessDenied", "current user api does not support synchronous calls");
    }

    [Fact]
    public async Task The_sync_endpoint_still_refuses_the_async_header()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(EmulatorSession.GenerationPath, Bodies.Generation("wan2.6-t2i"));

        await EmulatorSession.AssertErrorAsync(response, 403, "AccessDenied", "current user api does not support asynchronous calls");
    }

    [Theory]
    [InlineData(TaskCalls.SynthesisPath)]
    [InlineData(TaskCalls.AsyncGenerationPath)]
    public async Task A_created_task_is_answered_pending_with_its_id(string path)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.TaskPendingTime = TimeSpan.Zero;
        emulator.Control.TaskRunningTime = TimeSpan.Zero; // done at once, yet the create answer still says PENDING
        var body = path == TaskCalls.SynthesisPath ? SynthesisBodies.One("qwen-image") : Bodies.Generation("wan2.6-t2i");

        using var response = await emulator.CreateAsync(path, body);

        var json = await EmulatorSession.ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["output", "request_id"], TaskCalls.Keys(json));
        Assert.Equal(["task_status", "task_id"], TaskCalls.Keys(json["output"]));
        Assert.Equal("PENDING", json["output"]!["task_status"]!.GetValue<string>());
        Assert.True(Guid.TryParse(json["output"]!["task_id"]!.GetValue<string>(), out _));
        Assert.Equal(json["request_id"]!.GetValue<string>(), response.Headers.GetValues("X-Request-Id").Single());
    }

    [Theory]
    [InlineData("wan2.5-t2i-preview", "cn-beijing")]
    [InlineData("wan2.2-t2i-flash", "ap-southeast-1")]
    [InlineData("wan2.2-t2i-plus", "cn-beijing")]
    [InlineData("wanx2.1-t2i-turbo", "cn-beijing")]
    [InlineData("wan2.1-t2i-plus", "ap-southeast-1")]
    [InlineData("wanx2.0-t2i-turbo", "cn-beijing")]
    public async Task Wan_makes_four_images_when_n_is_absent(string model, string region)
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        var id = await emulator.SynthesizeAsync(SynthesisBodies.Create(model), region);
        clock.Advance(ToTheEnd);
        var done = await emulator.QueryOkAsync(id, region);

        Assert.Equal(4, TaskCalls.ResultUrls(done).Distinct().Count());
        Assert.Equal("""{"TOTAL":4,"SUCCEEDED":4,"FAILED":0}""", done["output"]!["task_metrics"]!.ToJsonString());
        Assert.Equal(4, done["usage"]!["image_count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("qwen-image")]
    [InlineData("qwen-image-plus")]
    public async Task Qwen_async_takes_only_one_image_and_defaults_to_one(string model)
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        using var two = await emulator.CreateAsync(TaskCalls.SynthesisPath, SynthesisBodies.Create(model, parameters: new JsonObject { ["n"] = 2 }));
        var id = await emulator.SynthesizeAsync(SynthesisBodies.Create(model, parameters: new JsonObject { ["size"] = "1328*1328" }));
        clock.Advance(ToTheEnd);
        var png = await emulator.DownloadAsync(TaskCalls.ResultUrls(await emulator.QueryOkAsync(id)).Single());

        await EmulatorSession.AssertErrorAsync(two, 400, "InvalidParameter", "num_images_per_prompt must be 1");
        Assert.Equal(new PngFile(1328, 1328, 8, 2), PngFile.Parse(png));
    }

    [Theory]
    [InlineData("wan2.2-t2i-flash", "512*512", true)]
    [InlineData("wan2.2-t2i-flash", "1440*1440", true)]
    [InlineData("wan2.2-t2i-flash", "512*1440", true)]
    [InlineData("wan2.2-t2i-flash", "511*1024", false)]
    [InlineData("wan2.2-t2i-flash", "1024*1441", false)]
    [InlineData("wan2.2-t2i-flash", "1024x1024", false)]
    [InlineData("wanx2.0-t2i-turbo", "1441*512", false)]
    [InlineData("wan2.5-t2i-preview", "1280*1280", true)]
    [InlineData("wan2.5-t2i-preview", "768*2700", true)]   // the doc's own example: pixels in range, ratio under 4:1
    [InlineData("wan2.5-t2i-preview", "1104*1472", true)]  // recommended
    [InlineData("wan2.5-t2i-preview", "1024*1024", false)] // too few pixels
    [InlineData("wan2.5-t2i-preview", "2800*640", false)]  // ratio past 4:1
    [InlineData("qwen-image", "1664*928", true)]
    [InlineData("qwen-image", "1024*1024", false)]
    public async Task Sizes_follow_each_models_rule(string model, string size, bool accepted)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(
            TaskCalls.SynthesisPath, SynthesisBodies.Create(model, parameters: new JsonObject { ["size"] = size, ["n"] = 1 }));

        if (accepted)
        {
            Assert.Equal(200, (int)response.StatusCode);
        }
        else
        {
            var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
            Assert.Contains("size", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("wan2.2-t2i-plus", 1024, 1024)]
    [InlineData("wan2.5-t2i-preview", 1280, 1280)]
    [InlineData("qwen-image-plus", 1664, 928)]
    public async Task Without_a_size_each_model_uses_its_default(string model, int width, int height)
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        var id = await emulator.SynthesizeAsync(SynthesisBodies.One(model));
        clock.Advance(ToTheEnd);
        var png = await emulator.DownloadAsync(TaskCalls.ResultUrls(await emulator.QueryOkAsync(id)).Single());

        Assert.Equal(new PngFile(width, height, 8, 2), PngFile.Parse(png));
    }

    [Theory]
    [InlineData("wan2.2-t2i-flash", 0)]
    [InlineData("wan2.2-t2i-flash", 5)]
    [InlineData("wan2.5-t2i-preview", 5)]
    public async Task Wan_n_is_one_to_four(string model, int n)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(TaskCalls.SynthesisPath, SynthesisBodies.Create(model, parameters: new JsonObject { ["n"] = n }));

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", "The parameter n must be an integer between 1 and 4.");
    }

    [Theory]
    [InlineData("wanx2.1-t2i-turbo", "cn-beijing", true)]
    [InlineData("wanx2.1-t2i-plus", "ap-southeast-1", false)] // Singapore calls it wan2.1-t2i-plus
    [InlineData("wan2.1-t2i-turbo", "ap-southeast-1", true)]
    [InlineData("wan2.1-t2i-plus", "cn-beijing", false)]      // Beijing calls it wanx2.1-t2i-plus
    [InlineData("wanx2.0-t2i-turbo", "cn-beijing", true)]
    [InlineData("wanx2.0-t2i-turbo", "ap-southeast-1", false)]
    [InlineData("wan2.5-t2i-preview", "ap-southeast-1", true)]
    [InlineData("wan2.2-t2i-flash", "us-east-1", false)]
    [InlineData("qwen-image", "us-east-1", false)]
    [InlineData("wan2.6-t2i", "cn-beijing", false)]           // new protocol only
    [InlineData("wanx-v9", "cn-beijing", false)]
    public async Task Old_protocol_models_exist_only_in_their_regions(string model, string region, bool served)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(TaskCalls.SynthesisPath, SynthesisBodies.One(model), region);

        if (served)
        {
            Assert.Equal(200, (int)response.StatusCode);
        }
        else
        {
            await EmulatorSession.AssertErrorAsync(response, 404, "ModelNotFound", "Model not exist.");
        }
    }

    [Theory]
    [InlineData(TaskCalls.SynthesisPath, "qwen-image-max")]
    [InlineData(TaskCalls.SynthesisPath, "qwen-image-max-2025-12-30")]
    [InlineData(TaskCalls.SynthesisPath, "qwen-image-2.0-pro")]
    [InlineData(TaskCalls.AsyncGenerationPath, "qwen-image-max")]
    public async Task Sync_only_models_are_refused_on_the_async_endpoints(string path, string model)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var body = path == TaskCalls.SynthesisPath ? SynthesisBodies.One(model) : Bodies.Generation(model);

        using var response = await emulator.CreateAsync(path, body);

        await EmulatorSession.AssertErrorAsync(
            response, 400, "InvalidParameter", $"The model {model} does not support asynchronous calls.");
    }

    [Theory]
    [InlineData("wan2.6-t2i", "us-east-1", 200)]
    [InlineData("qwen-image", "cn-beijing", 404)] // async only over the old protocol
    [InlineData("wan2.2-t2i-flash", "cn-beijing", 404)]
    public async Task The_new_protocol_endpoint_serves_wan_2_6(string model, string region, int status)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation(model), region);

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task The_new_protocol_endpoint_validates_like_the_sync_one()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var tooMany = await emulator.CreateAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-t2i", parameters: new JsonObject { ["n"] = 5 }));
        using var noImage = await emulator.CreateAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-image"));
        using var edit = await emulator.CreateAsync(
            TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-image", parameters: new JsonObject { ["size"] = "1K" }, images: ImageInputs.DataUri(TestImages.Png(600, 600))));
        using var noMessages = await emulator.CreateAsync(TaskCalls.AsyncGenerationPath, SynthesisBodies.One("wan2.6-t2i"));

        await EmulatorSession.AssertErrorAsync(tooMany, 400, "InvalidParameter");
        await EmulatorSession.AssertErrorAsync(noImage, 400, "InvalidParameter");
        Assert.Equal(200, (int)edit.StatusCode);
        await EmulatorSession.AssertErrorAsync(noMessages, 400, "InvalidParameter", "The input.messages field is required and must be an array.");
    }

    [Theory]
    [InlineData("""{"model":"wan2.2-t2i-flash","input":{}}""", "InvalidParameter", "input.prompt is required")]
    [InlineData("""{"model":"wan2.2-t2i-flash","input":{"prompt":"  "}}""", "InvalidParameter", "input.prompt is required")]
    [InlineData("""{"model":"wan2.2-t2i-flash","input":{"prompt":42}}""", "InvalidParameter", "input.prompt is required")]
    [InlineData("""{"model":"wan2.2-t2i-flash","input":{"prompt":"fox","negative_prompt":1}}""", "InvalidParameter", null)]
    [InlineData("""{"model":"wan2.2-t2i-flash","input":{"prompt":"fox"},"parameters":{"seed":-1}}""", "InvalidParameter", null)]
    [InlineData("""{"model":"wan2.2-t2i-flash","input":{"prompt":"fox"},"parameters":{"prompt_extend":"no"}}""", "InvalidParameter", null)]
    [InlineData("""{"model":"wan2.2-t2i-flash"}""", "BadRequest.EmptyInput", null)]
    [InlineData("""{"input":{"prompt":"fox"}}""", "BadRequest.EmptyModel", null)]
    [InlineData("""not json""", "InvalidParameter", null)]
    public async Task Old_protocol_bodies_are_checked(string body, string code, string? message)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await SendRawAsync(emulator, body);

        await EmulatorSession.AssertErrorAsync(response, 400, code, message);
    }

    [Theory]
    [InlineData("wan2.2-t2i-flash", 500)]
    [InlineData("wanx2.0-t2i-turbo", 800)]
    [InlineData("wan2.5-t2i-preview", 2000)]
    [InlineData("qwen-image", 800)]
    public async Task An_over_long_prompt_is_truncated_not_rejected(string model, int limit)
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var prompt = new string('狐', limit) + "and more";

        var id = await emulator.SynthesizeAsync(SynthesisBodies.One(model, prompt));
        clock.Advance(ToTheEnd);
        var result = (await emulator.QueryOkAsync(id))["output"]!["results"]![0]!;

        Assert.Equal(new string('狐', limit), result["orig_prompt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_calls_go_through_auth_faults_and_the_log()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.ServiceUnavailable());

        using var faulted = await emulator.CreateAsync(TaskCalls.SynthesisPath, SynthesisBodies.One("wan2.2-t2i-flash"));
        using var ok = await emulator.CreateAsync(TaskCalls.SynthesisPath, SynthesisBodies.One("wan2.2-t2i-flash"), "ap-southeast-1");
        using var wrongKey = await SendRawAsync(emulator, SynthesisBodies.One("wan2.2-t2i-flash").ToJsonString(), key: "sk-emulator-singapore");

        await EmulatorSession.AssertErrorAsync(faulted, 503, "ModelUnavailable");
        Assert.Equal(200, (int)ok.StatusCode);
        await EmulatorSession.AssertErrorAsync(wrongKey, 401, "InvalidApiKey");
        Assert.Equal(
            [("/cn-beijing/api/v1" + TaskCalls.SynthesisPath, 503), ("/ap-southeast-1/api/v1" + TaskCalls.SynthesisPath, 200), ("/cn-beijing/api/v1" + TaskCalls.SynthesisPath, 401)],
            emulator.Control.Requests.Select(r => (r.Path, r.StatusCode)));
        Assert.Equal("enable", emulator.Control.Requests[1].Headers["X-DashScope-Async"]);
    }

    [Fact]
    public async Task Concurrent_creates_all_become_distinct_tasks()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            emulator.SynthesizeAsync(SynthesisBodies.One(i % 2 == 0 ? "wan2.2-t2i-flash" : "qwen-image", $"prompt {i}"))));
        var listed = await emulator.ListOkAsync("page_size=100");

        Assert.Equal(30, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), TaskCalls.Ids(listed).Order(StringComparer.Ordinal));
    }

    // A body as text, possibly not JSON at all, to Beijing with the given key.
    private static async Task<HttpResponseMessage> SendRawAsync(EmulatorSession emulator, string body, string key = "sk-emulator-beijing")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Server.ApiBase() + TaskCalls.SynthesisPath))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", key);
        request.Headers.Add("X-DashScope-Async", "enable");
        return await emulator.Http.SendAsync(request);
    }
}
