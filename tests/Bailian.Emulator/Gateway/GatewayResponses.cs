using System.Text.Json.Nodes;

namespace Bailian.Emulator.Gateway;

/// <summary>One image of an answer: its signed URL, or its PNG bytes for <c>b64_json</c>.</summary>
internal readonly record struct GatewayImage(Uri? Url, byte[]? Png);

/// <summary>The gateway's success body (seed 002, "响应格式").</summary>
internal static class GatewayResponses
{
    /// <summary>
    /// <c>{"created": unix seconds, "data": [{"url"} | {"b64_json"}], "usage": {"total_tokens", "output_tokens", "input_tokens_details": {}}}</c>.
    /// The seed's answer bills one image as <c>total_tokens</c> = <c>output_tokens</c> = 1; so n images are n of each.
    /// </summary>
    public static JsonObject Success(DateTimeOffset created, IReadOnlyList<GatewayImage> images) => new()
    {
        ["created"] = created.ToUnixTimeSeconds(),
        ["data"] = new JsonArray([.. images.Select(Item)]),
        ["usage"] = new JsonObject
        {
            ["total_tokens"] = images.Count,
            ["output_tokens"] = images.Count,
            ["input_tokens_details"] = new JsonObject(),
        },
    };

    private static JsonObject Item(GatewayImage image) => image.Url is { } url
        ? new JsonObject { ["url"] = url.AbsoluteUri }
        : new JsonObject { ["b64_json"] = Convert.ToBase64String(image.Png!) };
}
