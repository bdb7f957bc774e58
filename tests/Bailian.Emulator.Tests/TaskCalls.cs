using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Bailian.Tests.Emulator;

/// <summary>The async task calls of API doc §3 and §4 against an <see cref="EmulatorSession"/>, over real HTTP.</summary>
internal static class TaskCalls
{
    public const string SynthesisPath = "/services/aigc/text2image/image-synthesis";
    public const string AsyncGenerationPath = "/services/aigc/image-generation/generation";

    /// <summary>16:00:00.250 in UTC+8, the zone the task APIs write their times in.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, 250, TimeSpan.Zero);

    public static ManualTimeProvider NewClock() => new(Start);

    /// <summary>POSTs a create call with the region's key and, unless told otherwise, <c>X-DashScope-Async: enable</c>.</summary>
    public static async Task<HttpResponseMessage> CreateAsync(
        this EmulatorSession emulator, string path, JsonObject body, string region = "cn-beijing", string? asyncHeader = "enable",
        Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Server.ApiBase(region) + path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorSession.Key(region));
        if (asyncHeader is not null)
        {
            request.Headers.Add("X-DashScope-Async", asyncHeader);
        }

        configure?.Invoke(request);
        return await emulator.Http.SendAsync(request);
    }

    /// <summary>Creates an old-protocol task and returns its id, failing the test on any other answer.</summary>
    public static Task<string> SynthesizeAsync(this EmulatorSession emulator, JsonObject body, string region = "cn-beijing") =>
        emulator.CreateOkAsync(SynthesisPath, body, region);

    public static async Task<string> CreateOkAsync(this EmulatorSession emulator, string path, JsonObject body, string region = "cn-beijing")
    {
        using var response = await emulator.CreateAsync(path, body, region);
        var json = await EmulatorSession.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json["output"]!["task_id"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> QueryAsync(this EmulatorSession emulator, string taskId, string region = "cn-beijing") =>
        emulator.SendAsync(HttpMethod.Get, "/tasks/" + taskId, region);

    /// <summary>The query's body, asserting HTTP 200 (which even FAILED and UNKNOWN answer with).</summary>
    public static async Task<JsonObject> QueryOkAsync(this EmulatorSession emulator, string taskId, string region = "cn-beijing")
    {
        using var response = await emulator.QueryAsync(taskId, region);
        var json = await EmulatorSession.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    public static async Task<string> StatusAsync(this EmulatorSession emulator, string taskId, string region = "cn-beijing") =>
        (await emulator.QueryOkAsync(taskId, region))["output"]!["task_status"]!.GetValue<string>();

    public static Task<HttpResponseMessage> CancelAsync(this EmulatorSession emulator, string taskId, string region = "cn-beijing") =>
        emulator.SendAsync(HttpMethod.Post, $"/tasks/{taskId}/cancel", region);

    /// <summary><c>GET /tasks/?query</c>, the doc's spelling; <paramref name="slash"/> false sends the SDK's <c>/tasks?query</c>.</summary>
    public static Task<HttpResponseMessage> ListAsync(this EmulatorSession emulator, string query = "", string region = "cn-beijing", bool slash = true) =>
        emulator.SendAsync(HttpMethod.Get, (slash ? "/tasks/" : "/tasks") + (query.Length > 0 ? "?" + query : string.Empty), region);

    public static async Task<JsonObject> ListOkAsync(this EmulatorSession emulator, string query = "", string region = "cn-beijing")
    {
        using var response = await emulator.ListAsync(query, region);
        var json = await EmulatorSession.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    /// <summary>The task ids of a list page, in order.</summary>
    public static string[] Ids(JsonObject list) =>
        list["data"]!.AsArray().Select(row => row!["task_id"]!.GetValue<string>()).ToArray();

    /// <summary>The url of each successful old-protocol result, in order.</summary>
    public static Uri[] ResultUrls(JsonObject query) =>
        query["output"]!["results"]!.AsArray().Where(r => r!["url"] is not null).Select(r => new Uri(r!["url"]!.GetValue<string>())).ToArray();

    public static string[] Keys(JsonNode? node) => node!.AsObject().Select(p => p.Key).ToArray();

    private static async Task<HttpResponseMessage> SendAsync(this EmulatorSession emulator, HttpMethod method, string path, string region)
    {
        using var request = new HttpRequestMessage(method, new Uri(emulator.Server.ApiBase(region) + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorSession.Key(region));
        return await emulator.Http.SendAsync(request);
    }
}

/// <summary>Old-protocol request bodies (API doc §3.1).</summary>
internal static class SynthesisBodies
{
    public static JsonObject Create(string model, string prompt = "a red fox in the snow", JsonObject? parameters = null, string? negativePrompt = null)
    {
        var input = new JsonObject { ["prompt"] = prompt };
        if (negativePrompt is not null)
        {
            input["negative_prompt"] = negativePrompt;
        }

        var body = new JsonObject { ["model"] = model, ["input"] = input };
        if (parameters is not null)
        {
            body["parameters"] = parameters;
        }

        return body;
    }

    public static JsonObject One(string model, string prompt = "a red fox in the snow") =>
        Create(model, prompt, new JsonObject { ["n"] = 1 });
}
