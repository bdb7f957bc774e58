using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Control;

/// <summary>
/// The body of <c>POST /_emulator/faults</c>:
/// <c>{"scope":"api"|"download","kind":"429"|"500"|"503"|"drop"|"dropMidStream"|"delay","count":1,"retryAfterSeconds":n,"afterBytes":n,"delayMs":n}</c>.
/// Any other 4xx/5xx kind works too when <c>code</c> and <c>message</c> are given; they also override the defaults of 429/500/503.
/// <c>delay</c> needs <c>delayMs</c>.
/// </summary>
internal sealed record FaultRequest(string Scope, EmulatorFault Fault, int Count)
{
    public const string ApiScope = "api";
    public const string DownloadScope = "download";

    /// <summary>The request, or the reason it is not one.</summary>
    public static FaultRequest? TryParse(string body, out string? error)
    {
        error = null;
        var root = JsonRequest.ParseObject(body);
        if (root is null)
        {
            error = "The body must be a JSON object.";
            return null;
        }

        var scope = Text(root, "scope");
        if (scope is not (ApiScope or DownloadScope))
        {
            error = "scope must be \"api\" or \"download\".";
            return null;
        }

        if (!TryInteger(root, "count", 1, out var count) || count < 1
            || !TryInteger(root, "retryAfterSeconds", -1, out var retryAfterSeconds)
            || !TryInteger(root, "afterBytes", 0, out var afterBytes) || afterBytes < 0
            || !TryInteger(root, "delayMs", -1, out var delayMs) || delayMs > (long)DelayFault.Longest.TotalMilliseconds)
        {
            error = "count (at least 1), retryAfterSeconds, afterBytes and delayMs (at least 0) must be integers.";
            return null;
        }

        var kind = Text(root, "kind");
        if (string.Equals(kind, "delay", StringComparison.OrdinalIgnoreCase))
        {
            if (delayMs < 0)
            {
                error = "kind \"delay\" needs delayMs, a whole number of milliseconds of at least 0.";
                return null;
            }

            return new FaultRequest(scope, EmulatorFault.Delay(TimeSpan.FromMilliseconds(delayMs)), (int)count);
        }

        TimeSpan? retryAfter = retryAfterSeconds >= 0 ? TimeSpan.FromSeconds(retryAfterSeconds) : null;
        var fault = CreateFault(kind, Text(root, "code"), Text(root, "message"), retryAfter, afterBytes);
        if (fault is null)
        {
            error = "kind must be \"drop\", \"dropMidStream\", \"delay\", or an HTTP status 400-599 (other than 429, 500 and 503 with code and message).";
            return null;
        }

        return new FaultRequest(scope, fault, (int)count);
    }

    private static EmulatorFault? CreateFault(string? kind, string? code, string? message, TimeSpan? retryAfter, long afterBytes)
    {
        if (string.Equals(kind, "drop", StringComparison.OrdinalIgnoreCase))
        {
            return EmulatorFault.DropConnection();
        }

        if (string.Equals(kind, "dropMidStream", StringComparison.OrdinalIgnoreCase))
        {
            return EmulatorFault.DropMidStream(afterBytes);
        }

        if (!int.TryParse(kind, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 400 or > 599)
        {
            return null;
        }

        // The named faults supply the service's wording for the common statuses.
        var named = status switch
        {
            429 => EmulatorFault.TooManyRequests(),
            500 => EmulatorFault.InternalError(),
            503 => EmulatorFault.ServiceUnavailable(),
            _ => null,
        } as StatusFault;
        code ??= named?.Code;
        message ??= named?.Message;
        return code is null || message is null ? null : EmulatorFault.Status(status, code, message, retryAfter);
    }

    private static string? Text(JsonObject root, string name) =>
        root[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool TryInteger(JsonObject root, string name, long absent, out long value)
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
