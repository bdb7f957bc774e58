using Bailian.Emulator.Results;

namespace Bailian.Emulator.Tasks;

/// <summary>
/// Every async task, by id and by (region, model) lane. All state is derived from the clock under one lock on each
/// access: the lanes are re-planned at that instant, so a test that moves its clock sees tasks move, and a test
/// that does not sees them stand still. An access costs the tasks not yet over (see <see cref="TaskLane"/>), not
/// every task ever made: a 10,000-task run stays linear.
/// </summary>
internal sealed class TaskStore(TimeProvider timeProvider, EmulatorControl control, ResultStore results)
{
    /// <summary>How long the service keeps a task (API doc §3.4, §7.4); after that it is UNKNOWN.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, EmulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<(string RegionId, string Model), TaskLane> _lanes = [];
    private long _sequence;
    private DateTimeOffset _oldestSubmittedAt = DateTimeOffset.MaxValue;
    private long _replayedByForgottenLanes;

    /// <summary>Tasks looked at by every planning so far, over all lanes (lanes forgotten included): for tests.</summary>
    public long TasksReplayed
    {
        get
        {
            lock (_gate)
            {
                return _replayedByForgottenLanes + _lanes.Values.Sum(l => l.TasksReplayed);
            }
        }
    }

    /// <summary>Creates a task submitted now, with the knobs' current pending and running times.</summary>
    public TaskView Create(string regionId, TaskWork work, string requestId, TaskOutcome? outcome)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            var task = new EmulatedTask(
                Guid.NewGuid().ToString(), ++_sequence, regionId, work, outcome, requestId, now, control.TaskPendingTime, control.TaskRunningTime);
            _tasks.Add(task.Id, task);
            _oldestSubmittedAt = now < _oldestSubmittedAt ? now : _oldestSubmittedAt;
            if (!_lanes.TryGetValue((regionId, work.Model), out var lane))
            {
                _lanes.Add((regionId, work.Model), lane = new TaskLane());
            }

            lane.Add(task);
            PlanAll(now);
            return TaskView.Of(task, now);
        }
    }

    /// <summary>
    /// The task as seen now from <paramref name="regionId"/>; null when it never existed there or has expired. The
    /// URLs of a succeeded task's images are made on first sight, signed as of its end, under <paramref name="resultBase"/>.
    /// </summary>
    public TaskView? Find(string regionId, string id, Uri resultBase)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            PlanAll(now);
            if (Visible(regionId, id, now) is not { } task)
            {
                return null;
            }

            var view = TaskView.Of(task, now);
            if (view.Status != TaskStatuses.Succeeded)
            {
                return view;
            }

            task.Urls ??= Enumerable.Range(0, TaskImages.Of(task.Work.Count, task.Outcome).Succeeded)
                .Select(i => results.Publish(resultBase, new ImageSpec(task.Work.Prompt, task.Work.Seed, i, task.Work.Size, task.Work.InputHash), view.EndedAt!.Value))
                .ToList();
            return view with { Urls = task.Urls };
        }
    }

    /// <summary>Cancels the task if it is PENDING now (API doc §4.2); false when it is not, or not there at all.</summary>
    public bool TryCancel(string regionId, string id)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            PlanAll(now);
            if (Visible(regionId, id, now) is not { } task || task.StatusAt(now) != TaskStatuses.Pending)
            {
                return false;
            }

            task.CanceledAt = now;
            task.StartAt = null;
            return true;
        }
    }

    /// <summary>Every unexpired task of <paramref name="regionId"/> as seen now, and that now.</summary>
    public (IReadOnlyList<TaskView> Tasks, DateTimeOffset Now) List(string regionId)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            PlanAll(now);
            var views = _tasks.Values
                .Where(t => t.RegionId == regionId && !IsExpired(t, now))
                .Select(t => TaskView.Of(t, now))
                .ToList();
            return (views, now);
        }
    }

    private EmulatedTask? Visible(string regionId, string id, DateTimeOffset now) =>
        _tasks.TryGetValue(id, out var task) && task.RegionId == regionId && !IsExpired(task, now) ? task : null;

    private static bool IsExpired(EmulatedTask task, DateTimeOffset now) => now - task.SubmittedAt > Retention;

    private void PlanAll(DateTimeOffset now)
    {
        Forget(now);
        var slots = control.ConcurrentTasksPerModel;
        foreach (var lane in _lanes.Values)
        {
            lane.Plan(now, slots);
        }
    }

    // Expired tasks that are over (finished or canceled) can no longer matter to anyone: they answer UNKNOWN, and
    // their slot was freed long before any task still waiting could want it.
    private void Forget(DateTimeOffset now)
    {
        bool Gone(EmulatedTask t) => IsExpired(t, now) && (t.CanceledAt is not null || t.EndAt <= now);
        // Nothing can have expired yet: no need to look at every task on every access.
        if (now - _oldestSubmittedAt <= Retention || !_tasks.Values.Any(Gone))
        {
            return;
        }

        foreach (var task in _tasks.Values.Where(Gone).ToList())
        {
            _tasks.Remove(task.Id);
        }

        foreach (var (key, lane) in _lanes.ToList())
        {
            lane.RemoveAll(Gone);
            if (lane.IsEmpty)
            {
                _replayedByForgottenLanes += lane.TasksReplayed;
                _lanes.Remove(key);
            }
        }

        _oldestSubmittedAt = _tasks.Count == 0 ? DateTimeOffset.MaxValue : _tasks.Values.Min(t => t.SubmittedAt);
    }
}
