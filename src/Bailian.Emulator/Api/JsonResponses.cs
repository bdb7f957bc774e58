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

    public static Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Options);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
