using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bailian.Emulator.Control;

/// <summary>Source-generated JSON for the control endpoints (camelCase, as scripts expect).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<RecordedRequest>))]
internal sealed partial class ControlJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Logged bodies are JSON with quotes and often Chinese prompts; people read this output in a console, so it is
    /// not \u-escaped. It is never embedded in HTML.
    /// </summary>
    public static ControlJsonContext Readable { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
