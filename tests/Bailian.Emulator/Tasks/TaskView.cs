namespace Bailian.Emulator.Tasks;

/// <summary>A task as seen at one moment: what the query and list endpoints answer from.</summary>
/// <param name="Id">The task id.</param>
/// <param name="RegionId">The region it was created in.</param>
/// <param name="Work">What it makes.</param>
/// <param name="RequestId">The create call's request id.</param>
/// <param name="Outcome">The queued outcome it ends with; null for a plain success.</param>
/// <param name="Status">One of <see cref="TaskStatuses"/> (never UNKNOWN).</param>
/// <param name="SubmittedAt">When it was created.</param>
/// <param name="ScheduledAt">When it started running; null until then, and for a canceled task.</param>
/// <param name="EndedAt">When it finished or was canceled; null before.</param>
internal sealed record TaskView(
    string Id,
    string RegionId,
    TaskWork Work,
    string RequestId,
    TaskOutcome? Outcome,
    string Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? EndedAt)
{
    /// <summary>The signed URLs of its successful images, in index order; empty unless it succeeded.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    public static TaskView Of(EmulatedTask task, DateTimeOffset now)
    {
        var status = task.StatusAt(now);
        var running = status is TaskStatuses.Running or TaskStatuses.Succeeded or TaskStatuses.Failed;
        var ended = status is TaskStatuses.Succeeded or TaskStatuses.Failed;
        return new TaskView(
            task.Id,
            task.RegionId,
            task.Work,
            task.RequestId,
            task.Outcome,
            status,
            task.SubmittedAt,
            running ? task.StartAt : null,
            ended ? task.EndAt : task.CanceledAt);
    }
}
