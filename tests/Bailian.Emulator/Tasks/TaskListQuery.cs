using System.Globalization;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Tasks;

/// <summary>
/// The query of <c>GET /tasks/</c> (API doc §4.3). The window is the last 24 hours by default; a missing
/// <c>end_time</c> is now and a missing <c>start_time</c> 24 hours before the end. Times are compared at the
/// parameters' one-second resolution, so <c>end_time</c> takes in its whole second.
/// </summary>
internal sealed record TaskListQuery(
    DateTimeOffset Start,
    DateTimeOffset End,
    string? ModelName,
    string? Status,
    string? TaskId,
    int PageNo,
    int PageSize)
{
    public const int MaxPageSize = 100;
    private static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    public static ApiError? Read(IQueryCollection query, DateTimeOffset now, out TaskListQuery? result)
    {
        result = null;
        if (ReadTime(query, "start_time", out var start) is { } startError)
        {
            return startError;
        }

        if (ReadTime(query, "end_time", out var end) is { } endError)
        {
            return endError;
        }

        var windowEnd = end ?? TaskTimes.ToSeconds(now);
        var windowStart = start ?? windowEnd - MaxWindow;
        if (windowStart > windowEnd)
        {
            return ApiError.InvalidParameter("start_time must not be later than end_time.");
        }

        if (windowEnd - windowStart > MaxWindow)
        {
            return ApiError.InvalidParameter("The time range between start_time and end_time cannot exceed 24 hours.");
        }

        var status = Text(query, "status");
        if (status is not null && !TaskStatuses.Listable.Contains(status))
        {
            return ApiError.InvalidParameter($"status must be one of {string.Join(", ", TaskStatuses.Listable)}.");
        }

        if (!TryPositive(query, "page_no", 1, out var pageNo))
        {
            return ApiError.InvalidParameter("page_no must be a positive integer.");
        }

        if (!TryPositive(query, "page_size", 10, out var pageSize) || pageSize > MaxPageSize)
        {
            return ApiError.InvalidParameter("page_size must be an integer between 1 and 100.");
        }

        result = new TaskListQuery(windowStart, windowEnd, Text(query, "model_name"), status, Text(query, "task_id"), pageNo, pageSize);
        return null;
    }

    public bool Matches(TaskView task)
    {
        var submitted = TaskTimes.ToSeconds(task.SubmittedAt);
        return submitted >= Start && submitted <= End
            && (ModelName is null || ModelName == task.Work.Model)
            && (Status is null || Status == task.Status)
            && (TaskId is null || TaskId == task.Id);
    }

    private static ApiError? ReadTime(IQueryCollection query, string name, out DateTimeOffset? time)
    {
        time = null;
        if (Text(query, name) is not { } text)
        {
            return null;
        }

        if (!TaskTimes.TryParseListParameter(text, out var parsed))
        {
            return ApiError.InvalidParameter($"{name} must be a time yyyyMMddHHmmss (UTC+8), e.g. 20240418000000.");
        }

        time = parsed;
        return null;
    }

    // An empty parameter (?model_name=) filters nothing, as if it were absent.
    private static string? Text(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } value ? value : null;

    private static bool TryPositive(IQueryCollection query, string name, int absent, out int value)
    {
        value = absent;
        return Text(query, name) is not { } text
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1);
    }
}
