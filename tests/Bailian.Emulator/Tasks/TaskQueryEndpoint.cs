using Bailian.Emulator.Api;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Tasks;

/// <summary><c>GET {base}/tasks/{task_id}</c> (API doc §4.1), rate-limited like the service's (§7.3).</summary>
internal sealed class TaskQueryEndpoint(TaskStore tasks, QueryRateLimiter limiter)
{
    public const string Route = "/api/v1/tasks/{taskId}";

    public Task HandleAsync(HttpContext context)
    {
        var call = context.Features.GetRequiredFeature<ApiCallContext>();
        if (!limiter.TryAdmit())
        {
            context.Response.Headers.RetryAfter = "1";
            return ApiErrors.WriteAsync(context, ApiError.RateQuota);
        }

        var id = context.Request.RouteValues["taskId"] as string ?? string.Empty;
        // Unknown, expired and other-region ids all look the same: UNKNOWN, with HTTP 200.
        var body = tasks.Find(call.Region.Id, id, ServerAddress.Of(context)) is { } task
            ? TaskResponses.Query(task, call.RequestId)
            : TaskResponses.Unknown(id, call.RequestId);
        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, body);
    }
}
