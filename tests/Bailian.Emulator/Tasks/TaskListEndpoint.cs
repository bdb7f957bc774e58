using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Tasks;

/// <summary>
/// <c>GET {base}/tasks/</c> (the doc's spelling) and <c>GET {base}/tasks</c> (the Python SDK's): API doc §4.3.
/// Routing ignores a trailing slash, so the one route serves both.
/// </summary>
internal sealed class TaskListEndpoint(TaskStore tasks)
{
    public const string Route = "/api/v1/tasks";

    public Task HandleAsync(HttpContext context)
    {
        var call = context.Features.GetRequiredFeature<ApiCallContext>();
        var (all, now) = tasks.List(call.Region.Id);
        if (TaskListQuery.Read(context.Request.Query, now, out var query) is { } error)
        {
            return ApiErrors.WriteAsync(context, error);
        }

        // Newest first; ties (one clock instant) by task id, so pages never shuffle between calls.
        var matching = all.Where(query!.Matches)
            .OrderByDescending(t => t.SubmittedAt)
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        var account = TaskAccount.For(call.Region);
        var page = matching.Skip((query.PageNo - 1) * query.PageSize).Take(query.PageSize);
        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["request_id"] = call.RequestId,
            ["total"] = matching.Count,
            ["total_page"] = (matching.Count + query.PageSize - 1) / query.PageSize,
            ["page_no"] = query.PageNo,
            ["page_size"] = query.PageSize,
            ["data"] = new JsonArray([.. page.Select(t => Row(t, account))]),
        });
    }

    private static JsonObject Row(TaskView task, TaskAccount account)
    {
        var row = new JsonObject
        {
            ["api_key_id"] = account.ApiKeyId,
            ["caller_parent_id"] = account.CallerParentId,
            ["caller_uid"] = account.CallerUid,
            ["gmt_create"] = task.SubmittedAt.ToUnixTimeMilliseconds(),
        };

        // Only what has happened: a pending task has neither, a running one no end.
        if (task.ScheduledAt is { } started)
        {
            row["start_time"] = started.ToUnixTimeMilliseconds();
        }

        if (task.EndedAt is { } ended)
        {
            row["end_time"] = ended.ToUnixTimeMilliseconds();
        }

        row["model_name"] = task.Work.Model;
        row["region"] = task.RegionId;
        row["request_id"] = task.RequestId;
        row["status"] = task.Status;
        row["task_id"] = task.Id;
        row["user_api_unique_key"] = account.UserApiUniqueKey;
        return row;
    }
}
