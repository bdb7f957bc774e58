using System.Text.Json.Nodes;

namespace Bailian.Emulator.Api;

/// <summary>Writes the API's error envelope <c>{"request_id","code","message"}</c>.</summary>
internal static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, ApiError error) =>
        WriteAsync(context, error.Status, error.Code, error.Message);

    // Matches FaultErrorWriter, so queued status faults look exactly like the service's own errors.
    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        // The gate sent the id as a header already; the body must carry the same one.
        var requestId = context.Response.Headers[ApiGate.RequestIdHeader].ToString() is { Length: > 0 } sent ? sent : NewRequestId();
        return JsonResponses.WriteAsync(context, status, new JsonObject
        {
            ["request_id"] = requestId,
            ["code"] = code,
            ["message"] = message,
        });
    }

    public static string NewRequestId() => Guid.NewGuid().ToString();
}
