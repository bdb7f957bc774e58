using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Generation;

/// <summary>
/// The streamed answer of the sync endpoint (API doc §2.4), sent when the call has <c>X-DashScope-SSE: enable</c>:
/// server-sent events, each <c>id:</c>, <c>event:result</c>, <c>:HTTP_STATUS/200</c> and a <c>data:</c> line holding a
/// success body whose content is the new part only (incremental output). wan2.6-image's interleaved mode writes, per
/// image, its text in two pieces and then the image; the last event has <c>finish_reason</c> "stop",
/// <c>output.finished</c> true and the usage. Without interleaving, the images come in one event. The text is the
/// emulator's own, made from the prompt so that tests can predict it (<see cref="TextFor"/>).
/// </summary>
internal static class StreamingGeneration
{
    public const string ContentType = "text/event-stream";

    /// <summary>The text the emulator writes before image <paramref name="index"/> (from 0) in interleaved mode.</summary>
    public static string TextFor(string prompt, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"Step {index + 1}: {prompt}. ");

    public static async Task WriteAsync(HttpContext context, GenerationRequest request, IReadOnlyList<Uri> urls, string requestId)
    {
        if (!await OwedLatency.ServeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        var id = 0;
        async Task SendAsync(IEnumerable<JsonObject> content, bool last)
        {
            var data = Event(content, last, last ? Usage(request, urls.Count) : null, requestId);
            var text = string.Create(CultureInfo.InvariantCulture, $"id:{++id}\nevent:result\n:HTTP_STATUS/200\ndata:{data}\n\n");
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), context.RequestAborted).ConfigureAwait(false);
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }

        if (!request.Options.Interleave)
        {
            await SendAsync(urls.Select(Image), last: true).ConfigureAwait(false);
            return;
        }

        for (var i = 0; i < urls.Count; i++)
        {
            var text = TextFor(request.Prompt, i);
            var half = text.Length / 2;
            await SendAsync([Text(text[..half])], last: false).ConfigureAwait(false);
            await SendAsync([Text(text[half..])], last: false).ConfigureAwait(false);
            await SendAsync([Image(urls[i])], last: i == urls.Count - 1).ConfigureAwait(false);
        }
    }

    private static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject Image(Uri url) => new() { ["type"] = "image", ["image"] = url.AbsoluteUri };

    private static string Event(IEnumerable<JsonObject> content, bool last, JsonObject? usage, string requestId)
    {
        var body = new JsonObject
        {
            ["output"] = new JsonObject
            {
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["finish_reason"] = last ? "stop" : "null",
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray([.. content]) },
                }),
                ["finished"] = last,
            },
            ["request_id"] = requestId,
        };
        if (usage is not null)
        {
            body["usage"] = usage;
        }

        return JsonSerializer.Serialize(body, JsonResponses.Options);
    }

    private static JsonObject Usage(GenerationRequest request, int images) => new()
    {
        ["image_count"] = images,
        ["input_tokens"] = 0,
        ["output_tokens"] = 0,
        ["size"] = request.Size.ToString(),
        ["total_tokens"] = 0,
    };
}
