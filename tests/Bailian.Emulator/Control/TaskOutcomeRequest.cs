using System.Text.Json;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Control;

/// <summary>
/// The body of <c>POST /_emulator/task-outcomes</c>:
/// <c>{"kind":"failed"|"partial"|"filtered","count":1,"code":..,"message":..,"failedImages":1}</c>.
/// <c>code</c> and <c>message</c> override the defaults of <c>failed</c> and <c>partial</c>; <c>filtered</c> has fixed wording.
/// </summary>
internal sealed record TaskOutcomeRequest(TaskOutcome Outcome, int Count)
{
    /// <summary>The request, or the reason it is not one.</summary>
    public static TaskOutcomeRequest? TryParse(string body, out string? error)
    {
        error = null;
        if (JsonRequest.ParseObject(body) is not { } root)
        {
            error = "The body must be a JSON object.";
            return null;
        }

        if (!TryInteger(root, "count", 1, out var count) || count < 1
            || !TryInteger(root, "failedImages", 1, out var failedImages) || failedImages < 1)
        {
            error = "count and failedImages must be integers of at least 1.";
            return null;
        }

        var code = Text(root, "code");
        var message = Text(root, "message");
        if (code is { Length: 0 } || (root["code"] is not null && code is null) || (root["message"] is not null && message is null))
        {
            error = "code and message must be strings, and code not empty.";
            return null;
        }

        TaskOutcome? outcome = Text(root, "kind")?.ToUpperInvariant() switch
        {
            "FAILED" => TaskOutcome.Failed(code ?? TaskOutcome.FailedCode, message ?? TaskOutcome.FailedMessage),
            "PARTIAL" => TaskOutcome.PartialFailure(
                failedImages, code ?? TaskOutcome.PartialCode, message ?? TaskOutcome.PartialMessage),
            "FILTERED" => TaskOutcome.ContentFiltered(),
            _ => null,
        };
        if (outcome is null)
        {
            error = "kind must be \"failed\", \"partial\" or \"filtered\".";
            return null;
        }

        return new TaskOutcomeRequest(outcome, count);
    }

    private static string? Text(JsonObject root, string name) =>
        root[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool TryInteger(JsonObject root, string name, int absent, out int value)
    {
        value = absent;
        return root[name] switch
        {
            null => true,
            JsonValue number when number.GetValueKind() == JsonValueKind.Number => number.TryGetValue(out value),
            _ => false,
        };
    }
}
