namespace Bailian.Tasks;

/// <summary>Which of the account's tasks to list (Get-BailianTask without -TaskId). Null means any.</summary>
public sealed record TaskListQuery(DateTimeOffset? After = null, DateTimeOffset? Before = null, string? Status = null, string? Model = null)
{
    /// <summary>The API lists at most 24 hours per request (API doc §4.3).</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// The 24-hour windows covering [After, Before], newest first (so tasks come out newest first).
    /// Without bounds: the last 24 hours, as the API's own default.
    /// </summary>
    public System.Collections.Generic.IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Windows(DateTimeOffset now)
    {
        var end = Before ?? now;
        var start = After ?? end - LongestWindow;
        if (start > end)
        {
            throw new BailianValidationException(ErrorIds.InvalidTimeRange, $"-After ({start:u}) is later than " +
                (Before is null ? $"now ({end:u}): tasks submitted after it cannot be listed yet." : $"-Before ({end:u})."));
        }

        while (end > start)
        {
            var windowStart = end - LongestWindow > start ? end - LongestWindow : start;
            yield return (windowStart, end);
            // The API's bounds are whole seconds and inclusive: step back one second so no task is listed twice.
            end = windowStart - TimeSpan.FromSeconds(1);
        }
    }
}
