namespace Bailian.Emulator.Tasks;

/// <summary>
/// One async task. Its schedule is planned by its <see cref="TaskLane"/> and its state read from the clock on each
/// access; nothing runs in the background. Mutable members are guarded by the <see cref="TaskStore"/> lock.
/// </summary>
internal sealed class EmulatedTask(
    string id,
    long sequence,
    string regionId,
    TaskWork work,
    TaskOutcome? outcome,
    string requestId,
    DateTimeOffset submittedAt,
    TimeSpan pendingTime,
    TimeSpan runningTime)
{
    public string Id { get; } = id;

    /// <summary>Creation order, which breaks ties between tasks submitted at the same instant.</summary>
    public long Sequence { get; } = sequence;

    public string RegionId { get; } = regionId;

    public TaskWork Work { get; } = work;

    public TaskOutcome? Outcome { get; } = outcome;

    /// <summary>The create call's request id, which the list shows.</summary>
    public string RequestId { get; } = requestId;

    public DateTimeOffset SubmittedAt { get; } = submittedAt;

    /// <summary>When it may start at the earliest: the pending time current at creation after submission.</summary>
    public DateTimeOffset EligibleAt { get; } = submittedAt + pendingTime;

    public TimeSpan RunningTime { get; } = runningTime;

    /// <summary>When it starts (or started) running; null until planned, and for a canceled task.</summary>
    public DateTimeOffset? StartAt { get; set; }

    /// <summary>Whether <see cref="StartAt"/> was already past when planned: then it is history and never re-planned.</summary>
    public bool Started { get; set; }

    public DateTimeOffset? EndAt => Started ? StartAt + RunningTime : null;

    /// <summary>When it was canceled while pending; a canceled task never runs.</summary>
    public DateTimeOffset? CanceledAt { get; set; }

    /// <summary>The signed URLs of its successful images, made on first sight of the finished task.</summary>
    public IReadOnlyList<Uri>? Urls { get; set; }

    /// <summary>Its status at <paramref name="now"/>; the lane must have been planned at <paramref name="now"/>.</summary>
    public string StatusAt(DateTimeOffset now) =>
        CanceledAt is not null ? TaskStatuses.Canceled
        : !Started ? TaskStatuses.Pending
        : now < EndAt ? TaskStatuses.Running
        : Outcome is FailedTask ? TaskStatuses.Failed
        : TaskStatuses.Succeeded;
}
