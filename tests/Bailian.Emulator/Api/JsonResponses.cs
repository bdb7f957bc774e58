using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bailian.Emulator.Api;

/// <summary>Writes a JSON body with an explicit Content-Length, as the real service does.</summary>
internal static class JsonResponses
{
    public const string ContentType = "application/json";

    // Prompts are often Chinese; the service sends them as UTF-8, not \u escapes. These bodies never reach HTML.
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Options);
        // Every answer to a create call passes here, so this is where its latency is served (see OwedLatency).
        if (!await OwedLatency.ServeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }
}
