using System.Linq;
using System.Text.Json.Nodes;
using Bailian.Emulator;

namespace Bailian.Host.Tests.Support;

/// <summary>Reading what the module sent, as the emulator recorded it.</summary>
public static class RecordedRequests
{
    /// <summary>The request body parsed as JSON.</summary>
    public static JsonObject Json(this RecordedRequest request) => JsonNode.Parse(request.Body)!.AsObject();

    /// <summary><c>parameters</c> of a create call (empty when none were sent).</summary>
    public static JsonObject Parameters(this RecordedRequest request) => request.Json()["parameters"]?.AsObject() ?? [];

    /// <summary>The prompt: the text item of the chat message (sync protocol) or <c>input.prompt</c> (tasks).</summary>
    public static string? Prompt(this RecordedRequest request)
    {
        var input = request.Json()["input"];
        var text = input?["messages"]?[0]?["content"]?.AsArray().Select(item => item?["text"]).FirstOrDefault(t => t is not null);
        return (text ?? input?["prompt"])?.GetValue<string>();
    }

    /// <summary>The images of a sync edit, in order (the <c>image</c> items of the chat message).</summary>
    public static string[] Images(this RecordedRequest request) =>
        request.Json()["input"]?["messages"]?[0]?["content"]?.AsArray()
            .Select(item => item?["image"]?.GetValue<string>()).OfType<string>().ToArray() ?? [];

    /// <summary>A header as sent, or null.</summary>
    public static string? Header(this RecordedRequest request, string name) =>
        request.Headers.FirstOrDefault(h => string.Equals(h.Key, name, System.StringComparison.OrdinalIgnoreCase)).Value;
}
