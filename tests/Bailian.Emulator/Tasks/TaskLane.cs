namespace Bailian.Emulator.Tasks;

/// <summary>
/// The tasks of one model in one region, planned onto a fixed number of slots, first come first served.
/// </summary>
/// <remarks>
/// Planning is a pure function of the tasks, their cancel times and the slot count, replayed on every access:
/// a task starts at the latest of its eligibility, the start of every task before it (no overtaking), the cancel
/// time of every canceled task before it (it waited behind that one), and the moment one of the slots frees. Starts
/// already past are history and stay put. A start is also never put before the lane's previous planning, so that a
/// changed slot count cannot turn a task observed as PENDING into one that had been RUNNING all along.
/// <para>
/// The replay starts after the lane's <em>settled</em> head: the longest run of tasks at the front that are canceled
/// or were over at an earlier planning. Such a task can only hold back later ones through the queue (its start or
/// cancel time, kept as one number); its slot was free before any start a replay can now give (never before the
/// previous planning). So each access costs the tasks not yet over, not every task ever made. A clock moved back
/// before the head settled replays from the first task, as before.
/// </para>
/// </remarks>
internal sealed class TaskLane
{
    // In queue order: submission time, then creation order. With a monotonic clock that is creation order; a
    // test clock moved backwards puts new tasks first instead of behind tasks from its "future".
    private readonly List<EmulatedTask> _tasks = [];
    private DateTimeOffset? _plannedAt;

    // The settled head: _tasks[.._settled] are over; the latest start or cancel among them; the latest time one ended.
    private int _settled;
    private DateTimeOffset _settledQueueFreeAt = DateTimeOffset.MinValue;
    private DateTimeOffset _settledBy = DateTimeOffset.MinValue;

    public bool IsEmpty => _tasks.Count == 0;

    /// <summary>Tasks looked at by every planning so far: what an access costs, for tests.</summary>
    public long TasksReplayed { get; private set; }

    public void Add(EmulatedTask task)
    {
        var index = _tasks.Count;
        while (index > 0 && IsAfter(_tasks[index - 1], task))
        {
            index--;
        }

        _tasks.Insert(index, task);
        if (index < _settled)
        {
            Unsettle();
        }
    }

    public void RemoveAll(Predicate<EmulatedTask> match)
    {
        if (_tasks.RemoveAll(match) > 0)
        {
            Unsettle();
        }
    }

    public void Plan(DateTimeOffset now, int slots)
    {
        var floor = _plannedAt is { } before && before <= now ? before : now;
        if (floor < _settledBy)
        {
            Unsettle(); // the clock went back: an end in the head may hold a slot again
        }

        var ends = new PriorityQueue<DateTimeOffset, DateTimeOffset>();
        var queueFreeAt = _settledQueueFreeAt;
        for (var i = _settled; i < _tasks.Count; i++)
        {
            var task = _tasks[i];
            TasksReplayed++;
            if (task.CanceledAt is { } canceled)
            {
                queueFreeAt = Later(queueFreeAt, canceled);
                continue;
            }

            var start = task.StartAt ?? DateTimeOffset.MinValue;
            if (!task.Started)
            {
                start = Later(Later(task.EligibleAt, queueFreeAt), floor);

                // Slots freed by then are free; if none is, wait for the earliest ends (an end frees its slot at once).
                while (ends.TryPeek(out var end, out _) && end <= start)
                {
                    ends.Dequeue();
                }

                while (ends.Count >= slots)
                {
                    start = Later(start, ends.Dequeue());
                }

                task.StartAt = start;
                task.Started = start <= now;
            }

            ends.Enqueue(start + task.RunningTime, start + task.RunningTime);
            queueFreeAt = Later(queueFreeAt, start);
        }

        _plannedAt = now;
        Settle(now);
    }

    // Moves the head over the tasks at the front that are over by now: the next planning starts no earlier.
    private void Settle(DateTimeOffset now)
    {
        while (_settled < _tasks.Count)
        {
            var task = _tasks[_settled];
            if (task.CanceledAt is { } canceled)
            {
                _settledQueueFreeAt = Later(_settledQueueFreeAt, canceled);
            }
            else if (task.EndAt is { } end && end <= now)
            {
                _settledQueueFreeAt = Later(_settledQueueFreeAt, task.StartAt!.Value);
                _settledBy = Later(_settledBy, end);
            }
            else
            {
                return;
            }

            _settled++;
        }
    }

    private void Unsettle()
    {
        _settled = 0;
        _settledQueueFreeAt = DateTimeOffset.MinValue;
        _settledBy = DateTimeOffset.MinValue;
    }

    private static bool IsAfter(EmulatedTask a, EmulatedTask b) =>
        a.SubmittedAt > b.SubmittedAt || (a.SubmittedAt == b.SubmittedAt && a.Sequence > b.Sequence);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
