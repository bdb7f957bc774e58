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

/// <summary>Calls to the OpenAI-style gateway (<c>/gateway/v1</c>, Gateway/README.md), over real loopback HTTP.</summary>
internal static class GatewayCalls
{
    public const string Generations = "images/generations";
    public const string Edits = "images/edits";

    public static string Key => EmulatorServer.GatewayApiKey;

    /// <summary>A generations body; <paramref name="extra"/> adds or replaces fields (a null value removes one).</summary>
    public static JsonObject Body(string model = "qwen-image-plus", string prompt = "一只可爱的小猫在花园里玩耍", JsonObject? extra = null)
    {
        var body = new JsonObject { ["prompt"] = prompt, ["model"] = model };
        foreach (var (name, value) in extra ?? [])
        {
            if (value is null)
            {
                body.Remove(name);
            }
            else
            {
                body[name] = value.DeepClone();
            }
        }

        return body;
    }

    /// <summary>An edits body with <paramref name="images"/> as its <c>image</c> array.</summary>
    public static JsonObject EditBody(string model, IEnumerable<string> images, JsonObject? extra = null)
    {
        var body = Body(model, "图1中的女生穿着图2中的黑色裙子", extra);
        body["image"] = new JsonArray([.. images.Select(i => (JsonNode)i)]);
        return body;
    }

    public static async Task<HttpResponseMessage> PostAsync(
        EmulatorSession emulator, string route, string body, string? authorization = null, bool noKey = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Server.GatewayBase + "/" + route))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (!noKey)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization ?? "Bearer " + Key);
        }

        return await emulator.Http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostAsync(EmulatorSession emulator, string route, JsonObject body) =>
        PostAsync(emulator, route, body.ToJsonString());

    public static Task<HttpResponseMessage> GenerateAsync(EmulatorSession emulator, JsonObject body) => PostAsync(emulator, Generations, body);

    /// <summary>Posts and returns the success body, failing the test on any other answer.</summary>
    public static async Task<JsonObject> OkAsync(EmulatorSession emulator, string route, JsonObject body)
    {
        using var response = await PostAsync(emulator, route, body);
        var json = await EmulatorSession.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    public static IReadOnlyList<Uri> Urls(JsonObject body) =>
        body["data"]!.AsArray().Select(item => new Uri(item!["url"]!.GetValue<string>())).ToList();

    /// <summary>Asserts the OpenAI error shape <c>{"error":{"message","type","param","code"}}</c> and returns its <c>error</c>.</summary>
    public static async Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, int status, string type, string code, string? param = null)
    {
        var body = await EmulatorSession.ReadJsonAsync(response);
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["error"], body.Select(p => p.Key));
        var error = body["error"]!.AsObject();
        Assert.Equal(["message", "type", "param", "code"], error.Select(p => p.Key));
        Assert.Equal(type, error["type"]!.GetValue<string>());
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.Equal(param, error["param"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        return error;
    }

    /// <summary>Asserts a 400 <c>invalid_request_error</c> naming <paramref name="param"/>, with a message containing <paramref name="says"/>.</summary>
    public static async Task AssertInvalidAsync(HttpResponseMessage response, string param, string says, string code = "invalid_value")
    {
        var error = await AssertErrorAsync(response, 400, "invalid_request_error", code, param);
        Assert.Contains(says, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
