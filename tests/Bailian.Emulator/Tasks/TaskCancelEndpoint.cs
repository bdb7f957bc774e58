using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Tasks;

/// <summary><c>POST {base}/tasks/{task_id}/cancel</c> (API doc §4.2): only a PENDING task can be canceled.</summary>
internal sealed class TaskCancelEndpoint(TaskStore tasks)
{
    public const string Route = "/api/v1/tasks/{taskId}/cancel";

    public Task HandleAsync(HttpContext context)
    {
        var call = context.Features.GetRequiredFeature<ApiCallContext>();
        var id = context.Request.RouteValues["taskId"] as string ?? string.Empty;
        return tasks.TryCancel(call.Region.Id, id)
            ? JsonResponses.WriteAsync(context, StatusCodes.Status200OK, new JsonObject { ["request_id"] = call.RequestId })
            : ApiErrors.WriteAsync(context, ApiError.CancelNotPending);
    }
}
