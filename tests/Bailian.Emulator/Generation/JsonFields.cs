using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bailian.Emulator.Generation;

/// <summary>Strict reads of single request fields: a JSON string is a string, a whole JSON number an integer, nothing else.</summary>
internal static class JsonFields
{
    public static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Any JSON number (wanx2.1-imageedit's strength and scales); a string or boolean is none.</summary>
    public static bool TryGetNumber(JsonNode node, out double value)
    {
        value = 0;
        return node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue(out value);
    }

    public static bool IsBoolean(JsonNode node) => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    // JSON numbers only, and whole ones: "2", 2.5 and true are not counts or seeds.
    public static bool TryGetInteger(JsonNode node, out long value)
    {
        value = 0;
        return node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue(out value);
    }
}
