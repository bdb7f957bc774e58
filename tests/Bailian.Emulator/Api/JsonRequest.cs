using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bailian.Emulator.Api;

/// <summary>Reads a request body that must be one JSON object.</summary>
internal static class JsonRequest
{
    // A duplicate key is a malformed body here; left allowed, JsonObject would throw on first access instead.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>The object, or null when the body is not valid JSON or not an object.</summary>
    public static JsonObject? ParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: Strict) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
