using System.Globalization;
using Bailian.Connection;
using Bailian.Http;
using Bailian.Json;
using Bailian.Work;

namespace Bailian.Tasks;

/// <summary>Lists the account's tasks, splitting long ranges into 24-hour windows and following every page.</summary>
public sealed class TaskLister
{
    private readonly DashScopeTransport _transport;
    private readonly TimeProvider _clock;
    private readonly int _pageSize;

    /// <param name="pageSize">Tasks per request; 100 is the API's largest page.</param>
    public TaskLister(DashScopeTransport transport, TimeProvider? clock = null, int pageSize = 100)
    {
        _transport = transport;
        _clock = clock ?? TimeProvider.System;
        _pageSize = pageSize;
    }

    /// <summary>Calls <paramref name="found"/> for each task, newest first.</summary>
    public async Task ListAsync(TaskListQuery query, DashScopeConnection connection, TransportOptions options, Action<ImageTask> found,
        IBailianLog log, CancellationToken cancellationToken)
    {
        foreach (var (start, end) in query.Windows(_clock.GetUtcNow()))
        {
            for (var page = 1; ; page++)
            {
                var call = new ApiCall(HttpMethod.Get, PagePath(query, start, end, page, _pageSize), connection, "task list");
                var response = await _transport.SendAsync(call, DashScopeJsonContext.Default.TaskListResponse, options, log, cancellationToken)
                    .ConfigureAwait(false);
                foreach (var item in response.Data ?? [])
                {
                    found(ToTask(item, connection.Endpoint));
                }

                if ((response.Data?.Count ?? 0) == 0 || page >= (response.TotalPage ?? 0))
                {
                    break;
                }
            }
        }
    }

    private static string PagePath(TaskListQuery query, DateTimeOffset start, DateTimeOffset end, int page, int pageSize)
    {
        var path = "tasks/?start_time=" + TaskTimes.ToQueryText(start) + "&end_time=" + TaskTimes.ToQueryText(end)
                   + "&page_no=" + page.ToString(CultureInfo.InvariantCulture) + "&page_size=" + pageSize.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(query.Status))
        {
            path += "&status=" + Uri.EscapeDataString(query.Status!.ToUpperInvariant());
        }

        return string.IsNullOrEmpty(query.Model) ? path : path + "&model_name=" + Uri.EscapeDataString(query.Model!);
    }

    private static ImageTask ToTask(TaskListItem item, DashScopeEndpoint endpoint) => new()
    {
        TaskId = item.TaskId ?? "",
        StatusText = item.Status ?? "",
        Status = TaskResponseReader.ParseStatus(item.Status),
        Model = item.ModelName,
        Region = item.Region ?? endpoint.Region?.Id,
        Endpoint = endpoint.BaseUrl.ToString(),
        SubmitTime = TaskTimes.FromEpochMilliseconds(item.GmtCreate),
        ScheduledTime = TaskTimes.FromEpochMilliseconds(item.StartTime),
        EndTime = TaskTimes.FromEpochMilliseconds(item.EndTime),
        RequestId = item.RequestId,
    };
}
