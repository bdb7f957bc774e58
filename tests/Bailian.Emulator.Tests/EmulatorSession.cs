using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>A started emulator plus a plain HttpClient, as a test talks to it: over real loopback HTTP.</summary>
internal sealed class EmulatorSession : IAsyncDisposable
{
    public const string GenerationPath = "/services/aigc/multimodal-generation/generation";

    private EmulatorSession(EmulatorServer server)
    {
        Server = server;
    }

    public EmulatorServer Server { get; }

    public EmulatorControl Control => Server.Control;

    // A fresh handler per session: no connection is shared between tests.
    public HttpClient Http { get; } = new();

    public static async Task<EmulatorSession> StartAsync(EmulatorOptions? options = null) =>
        new(await EmulatorServer.StartAsync(options));

    public static string Key(string region) => EmulatorServer.ApiKeys[region];

    public Uri GenerationUri(string region = "cn-beijing") => new(Server.ApiBase(region) + GenerationPath);

    /// <summary>POSTs <paramref name="body"/> to the sync endpoint with the region's own key unless another is given.</summary>
    public async Task<HttpResponseMessage> GenerateAsync(
        string body, string region = "cn-beijing", string? key = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GenerationUri(region))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? Key(region));
        configure?.Invoke(request);
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GenerateAsync(JsonObject body, string region = "cn-beijing") =>
        GenerateAsync(body.ToJsonString(), region);

    /// <summary>Generates and returns the success body, failing the test on any other answer.</summary>
    public async Task<JsonObject> GenerateOkAsync(JsonObject body, string region = "cn-beijing")
    {
        using var response = await GenerateAsync(body, region);
        var json = await ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    /// <summary>The result URLs of a success body, in order.</summary>
    public static IReadOnlyList<Uri> ImageUrls(JsonObject body) =>
        body["output"]!["choices"]![0]!["message"]!["content"]!.AsArray()
            .Select(item => new Uri(item!["image"]!.GetValue<string>()))
            .ToList();

    public async Task<byte[]> DownloadAsync(Uri url)
    {
        using var response = await Http.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts the error envelope of API doc §2.3 and returns it.</summary>
    public static async Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, int status, string code, string? message = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await ReadJsonAsync(response);
        Assert.Equal(code, body["code"]?.GetValue<string>());
        if (message is not null)
        {
            Assert.Equal(message, body["message"]?.GetValue<string>());
        }

        Assert.True(Guid.TryParse(body["request_id"]?.GetValue<string>(), out _), body.ToJsonString());
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Request bodies in the shape of API doc §2.1.</summary>
internal static class Bodies
{
    public static JsonObject Generation(string model, string prompt = "a red fox in the snow", JsonObject? parameters = null, params string[] images)
    {
        var content = new JsonArray();
        foreach (var image in images)
        {
            content.Add(new JsonObject { ["image"] = image });
        }

        content.Add(new JsonObject { ["text"] = prompt });
        var body = new JsonObject
        {
            ["model"] = model,
            ["input"] = new JsonObject
            {
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content }),
            },
        };
        if (parameters is not null)
        {
            body["parameters"] = parameters;
        }

        return body;
    }
}
