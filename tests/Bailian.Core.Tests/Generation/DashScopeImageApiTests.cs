using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Catalog;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Tests.Support;

namespace Bailian.Tests.Generation;

/// <summary>Text to image end to end, over real loopback HTTP against the emulator.</summary>
public sealed class DashScopeImageApiTests : IClassFixture<ManualClockEmulatorFixture>, IDisposable
{
    private readonly ManualClockEmulatorFixture _emulator;
    private readonly DashScopeTransport _transport = new();
    private readonly RecordingLog _log = new();

    public DashScopeImageApiTests(ManualClockEmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
    }

    public void Dispose() => _transport.Dispose();

    private async Task<System.Collections.Generic.IReadOnlyList<ImageResult>> Generate(TextToImageRequest request, string region = "cn-beijing",
        string? keyRegion = null, TransportOptions? options = null) =>
        (await Clients.For(_transport).GenerateAsync(TextToImagePlanner.Prepare(request, ModelCatalog.Default),
            _emulator.Connect(region, keyRegion), options ?? new TransportOptions(), _log, CancellationToken.None)).Images;

    [Fact]
    public async Task Sends_exactly_the_documented_body_and_headers()
    {
        await Generate(new TextToImageRequest
        {
            Prompt = "a red fox, watercolor", NegativePrompt = "blurry", Model = "qwen-image-max", Size = "1328x1328",
            Seed = 42, PromptExtend = true, Watermark = false,
        });

        var request = Assert.Single(_emulator.Server.Control.Requests, r => r.Kind == "api");
        Assert.Equal("POST", request.Method);
        Assert.EndsWith("/cn-beijing/api/v1/services/aigc/multimodal-generation/generation", request.Path);
        Assert.Equal("""{"model":"qwen-image-max","input":{"messages":[{"role":"user","content":[{"text":"a red fox, watercolor"}]}]},"parameters":{"negative_prompt":"blurry","size":"1328*1328","n":1,"prompt_extend":true,"watermark":false,"seed":42}}""",
            request.Body);
        Assert.DoesNotContain(request.Headers.Keys, h => h.Equals("X-DashScope-Async", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("application/json", Header(request, "Content-Type"));
        Assert.StartsWith($"Bailian-PowerShell/{UserAgent.Version} (", Header(request, "User-Agent"));
    }

    private static string Header(RecordedRequest request, string name) =>
        request.Headers.First(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    [Fact]
    public async Task Returns_one_result_per_image_with_everything_the_next_cmdlet_needs()
    {
        var images = await Generate(new TextToImageRequest { Prompt = "a lighthouse", Model = "wan2.6-t2i", Count = 3, Seed = 9, Name = "light" });

        Assert.Equal([0, 1, 2], images.Select(i => i.Index));
        Assert.Equal(3, images.Select(i => i.Url).Distinct().Count());
        var first = images[0];
        Assert.Equal(("wan2.6-t2i", "a lighthouse", "1280*1280", 1280, 1280, 9L, "light", "cn-beijing"),
            (first.Model, first.Prompt, first.Size, first.Width, first.Height, first.Seed, first.Name, first.Region));
        Assert.False(string.IsNullOrEmpty(first.RequestId));
        Assert.True(first.ExpiresAt > DateTimeOffset.UtcNow.AddHours(23));
        Assert.StartsWith(_emulator.Server.BaseAddress.ToString(), first.Url);
    }

    [Fact]
    public async Task A_key_of_another_region_fails_with_a_region_hint_and_without_the_key()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            Generate(new TextToImageRequest { Prompt = "p" }, region: "ap-southeast-1", keyRegion: "cn-beijing"));

        Assert.Equal(401, (int)error.StatusCode);
        Assert.Equal(("InvalidApiKey", "Invalid API-key provided.", "Bailian.InvalidApiKey"), (error.Code, error.ApiMessage, error.ErrorId));
        Assert.Contains("Singapore", error.Message);
        Assert.Contains("keys belong to one region", error.Message);
        Assert.DoesNotContain(EmulatorServer.ApiKeys["cn-beijing"], error.Message);
        Assert.Equal(1, _emulator.ApiRequestCount); // 401 is not retried
    }

    [Fact]
    public async Task A_model_the_region_does_not_serve_is_refused_before_sending()
    {
        var error = await Assert.ThrowsAsync<BailianValidationException>(() =>
            Generate(new TextToImageRequest { Prompt = "p", Model = "qwen-image-plus" }, region: "us-east-1"));
        Assert.Equal("Bailian.ModelNotInRegion", error.ErrorId);
        Assert.Equal(0, _emulator.ApiRequestCount);
    }

    [Fact]
    public async Task An_unknown_model_reaches_the_server_and_its_404_comes_back()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() => Generate(new TextToImageRequest { Prompt = "p", Model = "qwen-image-9" }));
        Assert.Equal(("ModelNotFound", "Bailian.ModelNotFound"), (error.Code, error.ErrorId));
    }

    [Fact]
    public async Task Verbose_shows_each_request_but_never_the_key()
    {
        await Generate(new TextToImageRequest { Prompt = "p" });
        var line = Assert.Single(_log.Lines);
        Assert.Matches(@"^VERBOSE: POST http://127\.0\.0\.1:\d+/cn-beijing/api/v1/services/aigc/multimodal-generation/generation \(qwen-image-plus\) -> 200 in \d+ ms, request id \S+$", line);
        Assert.DoesNotContain(_log.Lines, l => l.Contains("sk-emulator", StringComparison.Ordinal));
        Assert.DoesNotContain(_emulator.Server.Control.Requests.SelectMany(r => r.Headers.Values), v => v.Contains("sk-emulator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_workspace_goes_in_its_header()
    {
        var endpoint = Bailian.Connection.DashScopeEndpoint.Select(_emulator.Server.ApiBase().ToString(), null, null, null, null, "ws-42");
        var connection = new Bailian.Connection.DashScopeConnection(endpoint, _emulator.Connect().ApiKey);
        await Clients.For(_transport).GenerateAsync(TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "p" }, ModelCatalog.Default),
            connection, new TransportOptions(), _log, CancellationToken.None);
        Assert.Equal("ws-42", Header(_emulator.Server.Control.Requests.Single(r => r.Kind == "api"), "X-DashScope-WorkSpace"));
    }
}
