using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Bailian.Tests.Emulator;

/// <summary>The <c>/_emulator</c> endpoints that scripts use when the emulator runs as a separate process.</summary>
public sealed class ControlEndpointTests
{
    [Fact]
    public async Task Requests_can_be_listed_and_cleared_over_http()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        using var call = await emulator.GenerateAsync(Bodies.Generation("qwen-image"), "ap-southeast-1");

        var listed = JsonNode.Parse(await emulator.Http.GetStringAsync(Control(emulator, "requests")))!.AsArray();
        using var cleared = await emulator.Http.DeleteAsync(Control(emulator, "requests"));
        var after = JsonNode.Parse(await emulator.Http.GetStringAsync(Control(emulator, "requests")))!.AsArray();

        var api = listed[0]!;
        Assert.Equal("api", api["kind"]!.GetValue<string>());
        Assert.Equal("ap-southeast-1", api["region"]!.GetValue<string>());
        Assert.Equal(200, api["statusCode"]!.GetValue<int>());
        Assert.Equal("Bearer ***", api["headers"]!["Authorization"]!.GetValue<string>());
        Assert.Equal("control", listed[1]!["kind"]!.GetValue<string>()); // the listing call itself
        Assert.Equal(204, (int)cleared.StatusCode);
        Assert.Equal(["control"], after.Select(r => r!["kind"]!.GetValue<string>())); // only the second listing
    }

    [Fact]
    public async Task A_posted_429_answers_the_next_api_call_and_control_calls_do_not_consume_it()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var posted = await PostFaultAsync(emulator, """{"scope":"api","kind":"429","count":1,"retryAfterSeconds":4}""");
        await emulator.Http.GetStringAsync(Control(emulator, "requests"));
        using var throttled = await emulator.GenerateAsync(Bodies.Generation("qwen-image"));
        using var next = await emulator.GenerateAsync(Bodies.Generation("qwen-image"));

        Assert.Equal(200, (int)posted.StatusCode);
        await EmulatorSession.AssertErrorAsync(throttled, 429, "Throttling.RateQuota");
        Assert.Equal(TimeSpan.FromSeconds(4), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(200, (int)next.StatusCode);
    }

    [Theory]
    [InlineData("500", 500, "InternalError")]
    [InlineData("503", 503, "ModelUnavailable")]
    public async Task Posted_server_errors_count_down(string kind, int status, string code)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var posted = await PostFaultAsync(emulator, $$"""{"scope":"api","kind":"{{kind}}","count":2}""");
        var answers = new int[3];
        for (var i = 0; i < answers.Length; i++)
        {
            using var response = await emulator.GenerateAsync(Bodies.Generation("qwen-image"));
            answers[i] = (int)response.StatusCode;
            if (i == 0)
            {
                await EmulatorSession.AssertErrorAsync(response, status, code);
            }
        }

        Assert.Equal([status, status, 200], answers);
    }

    [Fact]
    public async Task A_posted_drop_fails_the_next_api_call()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var posted = await PostFaultAsync(emulator, """{"scope":"api","kind":"drop"}""");

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.GenerateAsync(Bodies.Generation("qwen-image")));
    }

    [Fact]
    public async Task A_posted_mid_stream_drop_cuts_the_next_download()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation("qwen-image"))).Single();

        using var posted = await PostFaultAsync(emulator, """{"scope":"download","kind":"dropMidStream","afterBytes":64}""");
        using var response = await emulator.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 20];
        var received = 0;

        await Assert.ThrowsAnyAsync<System.IO.IOException>(async () =>
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(received))) > 0)
            {
                received += read;
            }
        });
        Assert.Equal(64, received);
    }

    [Fact]
    public async Task Deleting_faults_drops_the_queued_ones()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        using var posted = await PostFaultAsync(emulator, """{"scope":"api","kind":"500","count":5}""");

        using var deleted = await emulator.Http.DeleteAsync(Control(emulator, "faults"));
        using var response = await emulator.GenerateAsync(Bodies.Generation("qwen-image"));

        Assert.Equal(204, (int)deleted.StatusCode);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("""{"scope":"everywhere","kind":"500"}""")]
    [InlineData("""{"scope":"api","kind":"teapot"}""")]
    [InlineData("""{"scope":"api","kind":"418"}""")] // no code and message for an unnamed status
    [InlineData("""{"scope":"api","kind":"500","count":0}""")]
    [InlineData("""{"scope":"download","kind":"dropMidStream","afterBytes":-5}""")]
    [InlineData("""not json""")]
    public async Task Bad_fault_requests_are_refused(string body)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await PostFaultAsync(emulator, body);
        using var call = await emulator.GenerateAsync(Bodies.Generation("qwen-image"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(200, (int)call.StatusCode); // nothing was queued
    }

    [Fact]
    public async Task A_custom_status_fault_can_be_posted()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var posted = await PostFaultAsync(
            emulator, """{"scope":"api","kind":"400","code":"DataInspectionFailed","message":"Input data may contain inappropriate content."}""");
        using var response = await emulator.GenerateAsync(Bodies.Generation("qwen-image"));

        await EmulatorSession.AssertErrorAsync(response, 400, "DataInspectionFailed", "Input data may contain inappropriate content.");
    }

    [Fact]
    public async Task Latency_can_be_set_over_http()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var set = await emulator.Http.PutAsync(Control(emulator, "latency?ms=250"), content: null);
        using var bad = await emulator.Http.PutAsync(Control(emulator, "latency?ms=soon"), content: null);

        Assert.Equal(200, (int)set.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(250), emulator.Control.Latency);
        Assert.Equal(400, (int)bad.StatusCode);
    }

    private static Uri Control(EmulatorSession emulator, string path) => new(emulator.Server.BaseAddress, "_emulator/" + path);

    private static Task<HttpResponseMessage> PostFaultAsync(EmulatorSession emulator, string json) =>
        emulator.Http.PostAsync(Control(emulator, "faults"), new StringContent(json, Encoding.UTF8, "application/json"));
}
