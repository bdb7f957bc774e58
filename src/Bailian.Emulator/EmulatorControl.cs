using Bailian.Emulator.Pipeline;
using Bailian.Emulator.Uploads;

namespace Bailian.Emulator;

/// <summary>
/// Knobs a test turns while the emulator runs: latency, queued faults, the request log, and how async tasks
/// progress. Thread-safe.
/// </summary>
public sealed class EmulatorControl
{
    private readonly CountedQueue<EmulatorFault> _apiFaults = new();
    private readonly CountedQueue<EmulatorFault> _downloadFaults = new();
    private readonly CountedQueue<TaskOutcome> _taskOutcomes = new();
    private long _latencyTicks;
    private long _taskPendingTicks = TimeSpan.FromSeconds(1).Ticks;
    private long _taskRunningTicks = TimeSpan.FromSeconds(3).Ticks;
    private int _concurrentTasksPerModel = 2;
    private int _taskQueriesPerSecond = 20;

    internal EmulatorControl(RequestLog log, UploadStore uploads)
    {
        Log = log;
        Uploads = uploads;
    }

    /// <summary>Added before answering each API request (not image downloads); a client that gives up meanwhile gets nothing.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    /// <summary>
    /// The least time a new task stays <c>PENDING</c> (default 1 s), by <see cref="EmulatorOptions.TimeProvider"/>.
    /// A task takes the value current when it is created.
    /// </summary>
    public TimeSpan TaskPendingTime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _taskPendingTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _taskPendingTicks, value.Ticks);
        }
    }

    /// <summary>How long a task runs, from <c>RUNNING</c> to its end (default 3 s). A task takes the value current when it is created.</summary>
    public TimeSpan TaskRunningTime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _taskRunningTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _taskRunningTicks, value.Ticks);
        }
    }

    /// <summary>
    /// How many tasks of one model in one region run at once (default 2, the service's limit for wanx2.1 models);
    /// the others stay <c>PENDING</c> until a slot frees, first come first served. Tasks not yet started follow a change.
    /// </summary>
    public int ConcurrentTasksPerModel
    {
        get => Volatile.Read(ref _concurrentTasksPerModel);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _concurrentTasksPerModel, value);
        }
    }

    /// <summary>
    /// How many <c>GET /tasks/{id}</c> the whole emulator (one account) answers in any rolling second (default 20,
    /// the service's default); more are answered 429 <c>Throttling.RateQuota</c>.
    /// </summary>
    public int TaskQueriesPerSecond
    {
        get => Volatile.Read(ref _taskQueriesPerSecond);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _taskQueriesPerSecond, value);
        }
    }

    /// <summary>Every request so far (API, downloads and control calls), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Log.Snapshot();

    /// <summary>The files in the temporary storage (API doc §6.1) that have not expired yet, oldest first: a snapshot.</summary>
    public IReadOnlyList<UploadedObject> UploadedObjects => Uploads.Snapshot();

    internal RequestLog Log { get; }

    internal UploadStore Uploads { get; }

    /// <summary>The next <paramref name="count"/> API requests, in arrival order, are answered with <paramref name="fault"/>.</summary>
    public void EnqueueApiFault(EmulatorFault fault, int count = 1) => _apiFaults.Enqueue(fault, count);

    /// <summary>The next <paramref name="count"/> image downloads, in arrival order, are answered with <paramref name="fault"/>.</summary>
    public void EnqueueDownloadFault(EmulatorFault fault, int count = 1) => _downloadFaults.Enqueue(fault, count);

    /// <summary>The next <paramref name="count"/> created async tasks, in creation order, end with <paramref name="outcome"/>.</summary>
    public void EnqueueTaskOutcome(TaskOutcome outcome, int count = 1) => _taskOutcomes.Enqueue(outcome, count);

    /// <summary>Forgets every recorded request.</summary>
    public void ClearRequests() => Log.Clear();

    internal bool TryTakeApiFault(out EmulatorFault? fault) => _apiFaults.TryTake(out fault);

    internal bool TryTakeDownloadFault(out EmulatorFault? fault) => _downloadFaults.TryTake(out fault);

    internal TaskOutcome? TakeTaskOutcome() => _taskOutcomes.TryTake(out var outcome) ? outcome : null;

    /// <summary>Drops every queued fault and task outcome, so a script that failed half-way cannot poison the next one.</summary>
    internal void ClearFaults()
    {
        _apiFaults.Clear();
        _downloadFaults.Clear();
        _taskOutcomes.Clear();
    }
}
