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
/// </remarks>
internal sealed class TaskLane
{
    // In queue order: submission time, then creation order. With a monotonic clock that is creation order; a
    // test clock moved backwards puts new tasks first instead of behind tasks from its "future".
    private readonly List<EmulatedTask> _tasks = [];
    private DateTimeOffset? _plannedAt;

    public bool IsEmpty => _tasks.Count == 0;

    public void Add(EmulatedTask task)
    {
        var index = _tasks.Count;
        while (index > 0 && IsAfter(_tasks[index - 1], task))
        {
            index--;
        }

        _tasks.Insert(index, task);
    }

    public void RemoveAll(Predicate<EmulatedTask> match) => _tasks.RemoveAll(match);

    public void Plan(DateTimeOffset now, int slots)
    {
        var floor = _plannedAt is { } before && before <= now ? before : now;
        var ends = new PriorityQueue<DateTimeOffset, DateTimeOffset>();
        var queueFreeAt = DateTimeOffset.MinValue;
        foreach (var task in _tasks)
        {
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
    }

    private static bool IsAfter(EmulatedTask a, EmulatedTask b) =>
        a.SubmittedAt > b.SubmittedAt || (a.SubmittedAt == b.SubmittedAt && a.Sequence > b.Sequence);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
