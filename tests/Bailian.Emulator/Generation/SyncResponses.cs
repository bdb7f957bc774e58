using System.Text.Json.Nodes;

namespace Bailian.Emulator.Generation;

/// <summary>The two success-body shapes of API doc §2.2 (A: qwen family, C: wan2.6).</summary>
internal static class SyncResponses
{
    public static JsonObject Qwen(GenerationRequest request, IReadOnlyList<Uri> urls, string requestId) => new()
    {
        ["output"] = new JsonObject
        {
            ["choices"] = Choices(urls.Select(u => new JsonObject { ["image"] = u.AbsoluteUri })),
            ["task_metric"] = new JsonObject { ["TOTAL"] = urls.Count, ["SUCCEEDED"] = urls.Count, ["FAILED"] = 0 },
        },
        ["usage"] = new JsonObject
        {
            ["width"] = request.Size.Width,
            ["height"] = request.Size.Height,
            ["image_count"] = urls.Count,
        },
        ["request_id"] = requestId,
    };

    public static JsonObject Wan(GenerationRequest request, IReadOnlyList<Uri> urls, string requestId) => new()
    {
        ["output"] = new JsonObject
        {
            ["choices"] = Choices(urls.Select(u => new JsonObject { ["image"] = u.AbsoluteUri, ["type"] = "image" })),
            ["finished"] = true,
        },
        ["usage"] = new JsonObject
        {
            ["image_count"] = urls.Count,
            ["input_tokens"] = 0,
            ["output_tokens"] = 0,
            ["size"] = request.Size.ToString(),
            ["total_tokens"] = 0,
        },
        ["request_id"] = requestId,
    };

    private static JsonArray Choices(IEnumerable<JsonObject> content) =>
    [
        new JsonObject
        {
            ["finish_reason"] = "stop",
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = new JsonArray([.. content]),
            },
        },
    ];
}
