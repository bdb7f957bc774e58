using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

public sealed class RequestLogTests
{
    [Fact]
    public async Task The_log_never_holds_a_key()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        const string wrongKey = "sk-not-the-right-one-4711";
        foreach (var region in EmulatorServer.ApiKeys.Keys)
        {
            using var good = await emulator.GenerateAsync(Bodies.Generation("wan2.6-t2i").ToJsonString(), region);
            using var bad = await emulator.GenerateAsync(Bodies.Generation("wan2.6-t2i").ToJsonString(), region, wrongKey);
        }

        using var odd = await emulator.GenerateAsync("{}", configure: r =>
        {
            r.Headers.Authorization = null;
            r.Headers.TryAddWithoutValidation("Authorization", EmulatorSession.Key("cn-beijing")); // no scheme
        });
        var overHttp = await emulator.Http.GetStringAsync(new Uri(emulator.Server.BaseAddress, "_emulator/requests"));
        var inProcess = JsonSerializer.Serialize(emulator.Control.Requests);

        Assert.Equal(7, emulator.Control.Requests.Count(r => r.Kind == "api"));
        Assert.Equal(401, (int)odd.StatusCode);
        foreach (var secret in EmulatorServer.ApiKeys.Values.Append(wrongKey))
        {
            Assert.DoesNotContain(secret, overHttp, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, inProcess, StringComparison.Ordinal);
        }

        Assert.All(
            emulator.Control.Requests.Where(r => r.Kind == "api"),
            r => Assert.Equal("Bearer ***", r.Headers["authorization"]));
    }

    [Fact]
    public async Task Requests_are_recorded_with_kind_path_region_body_and_answer()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 7, 1, 8, 30, 0, TimeSpan.Zero));
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var body = Bodies.Generation("qwen-image", "一只狐狸");

        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(body, "ap-southeast-1")).Single();
        clock.Advance(TimeSpan.FromMinutes(1));
        await emulator.DownloadAsync(url);
        using var missing = await emulator.GenerateAsync(Bodies.Generation("nope"));

        var log = emulator.Control.Requests;
        Assert.Equal(["api", "download", "api"], log.Select(r => r.Kind));
        var api = log[0];
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 8, 30, 0, TimeSpan.Zero), api.ReceivedAt);
        Assert.Equal("POST", api.Method);
        Assert.Equal("/ap-southeast-1/api/v1/services/aigc/multimodal-generation/generation", api.Path);
        Assert.Equal("ap-southeast-1", api.Region);
        Assert.Equal(body.ToJsonString(), api.Body);
        Assert.Equal(200, api.StatusCode);
        var download = log[1];
        Assert.Equal(clock.GetUtcNow(), download.ReceivedAt);
        Assert.Equal(("GET", url.AbsolutePath, url.Query[1..], null, 200), (download.Method, download.Path, download.Query, download.Region, download.StatusCode));
        Assert.Equal(404, log[2].StatusCode);
    }

    [Fact]
    public async Task Clearing_forgets_everything_so_far()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        using var first = await emulator.GenerateAsync(Bodies.Generation("qwen-image"));

        emulator.Control.ClearRequests();
        using var second = await emulator.GenerateAsync(Bodies.Generation("qwen-image-max"));

        Assert.Contains("qwen-image-max", emulator.Control.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_requests_are_all_recorded()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            emulator.GenerateAsync(Bodies.Generation("qwen-image", $"prompt {i}"))));

        Assert.All(responses, r => Assert.Equal(200, (int)r.StatusCode));
        Array.ForEach(responses, r => r.Dispose());
        Assert.Equal(
            Enumerable.Range(0, 24).Select(i => $"prompt {i}").Order(StringComparer.Ordinal),
            emulator.Control.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement
                .GetProperty("input").GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString()!)
                .Order(StringComparer.Ordinal));
    }
}
