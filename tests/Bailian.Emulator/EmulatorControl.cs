using Bailian.Emulator.Gateway;
using Bailian.Emulator.Pipeline;
using Bailian.Emulator.Throttling;
using Bailian.Emulator.Uploads;

namespace Bailian.Emulator;

/// <summary>
/// Knobs a test turns while the emulator runs: latency, queued faults, the request log, how async tasks
/// progress, per-model limits on create calls, and the weight of result images. Thread-safe.
/// </summary>
public sealed class EmulatorControl
{
    /// <summary>The largest <see cref="ResultImageBytes"/>: 1 GiB.</summary>
    public const long MaxResultImageBytes = 1L << 30;

    /// <summary>The lowest non-zero <see cref="RequestsPerSecondPerModel"/>.</summary>
    public const double MinRequestsPerSecond = 0.001;

    private readonly CountedQueue<EmulatorFault> _apiFaults = new();
    private readonly CountedQueue<EmulatorFault> _downloadFaults = new();
    private readonly CountedQueue<TaskOutcome> _taskOutcomes = new();
    private long _latencyTicks;
    private long _taskPendingTicks = TimeSpan.FromSeconds(1).Ticks;
    private long _taskRunningTicks = TimeSpan.FromSeconds(3).Ticks;
    private int _concurrentTasksPerModel = 2;
    private int _taskQueriesPerSecond = 20;
    private int _concurrentRequestsPerModel;
    private long _requestsPerSecondBits;
    private long _throttleRetryAfterTicks = TimeSpan.FromSeconds(1).Ticks;
    private long _resultImageBytes;

    internal EmulatorControl(RequestLog log, UploadStore uploads)
    {
        Log = log;
        Uploads = uploads;
    }

    /// <summary>
    /// Added before answering each API request (not image downloads); a client that gives up meanwhile gets nothing.
    /// A create call is checked, admitted and processed first and waits just before its answer is written, inside
    /// its <see cref="ConcurrentRequestsPerModel"/> slot; a throttled one is answered at once. Other calls wait on arrival.
    /// </summary>
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

    /// <summary>
    /// How many sync generations (<c>multimodal-generation/generation</c>) of one model in one region are processed
    /// at once (default 0: no limit). A call counts from passing its checks until its answer starts, the
    /// <see cref="Latency"/> and a <see cref="EmulatorFault.Delay"/> included; one more is answered at once with 429
    /// <c>Throttling.RateQuota</c> and <see cref="ThrottleRetryAfter"/>, and does not count.
    /// </summary>
    public int ConcurrentRequestsPerModel
    {
        get => Volatile.Read(ref _concurrentRequestsPerModel);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _concurrentRequestsPerModel, value);
        }
    }

    /// <summary>
    /// How many create calls (the sync endpoint and every async create endpoint) of one model in one region are
    /// admitted in any rolling second by <see cref="EmulatorOptions.TimeProvider"/> (default 0: no limit). A
    /// fraction is dropped (2.5 admits 2 a second); a rate under 1 admits one call in every 1/rate seconds. More are
    /// answered at once with 429 <c>Throttling.RateQuota</c> and <see cref="ThrottleRetryAfter"/>, and do not count;
    /// calls admitted while there was no limit do not count either. Checked after the call's own checks.
    /// </summary>
    /// <value>0, or from 0.001 (one call in 1000 s) on.</value>
    public double RequestsPerSecondPerModel
    {
        get => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _requestsPerSecondBits));
        set
        {
            if (!double.IsFinite(value) || value < 0 || (value > 0 && value < MinRequestsPerSecond))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"Must be 0 (no limit) or a finite rate of at least {MinRequestsPerSecond} per second.");
            }

            Interlocked.Exchange(ref _requestsPerSecondBits, BitConverter.DoubleToInt64Bits(value));
        }
    }

    /// <summary>
    /// The <c>Retry-After</c> of the 429 that <see cref="ConcurrentRequestsPerModel"/> and
    /// <see cref="RequestsPerSecondPerModel"/> answer (default 1 s), sent in whole seconds rounded up, at least 1;
    /// <see cref="TimeSpan.Zero"/> sends no <c>Retry-After</c> at all (a client must then pick its own back-off).
    /// </summary>
    public TimeSpan ThrottleRetryAfter
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _throttleRetryAfterTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _throttleRetryAfterTicks, value.Ticks);
        }
    }

    /// <summary>
    /// The size each result PNG published from now on is padded to (default 0: its natural size, a few kilobytes),
    /// so that downloads carry a real image's weight. The padding is one private ancillary chunk (<c>bmPd</c>) of
    /// incompressible bytes; the file stays valid and decodes to the same pixels. A PNG already at least this large
    /// (or within a chunk's 12 bytes of it) keeps its natural size.
    /// </summary>
    /// <value>From 0 to <see cref="MaxResultImageBytes"/>.</value>
    public long ResultImageBytes
    {
        get => Interlocked.Read(ref _resultImageBytes);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxResultImageBytes);
            Interlocked.Exchange(ref _resultImageBytes, value);
        }
    }

    /// <summary>The OpenAI-style gateway's own knob: the shape of its errors (Gateway/README.md).</summary>
    public GatewayControl Gateway { get; } = new();

    /// <summary>Every request so far (API, downloads and control calls), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Log.Snapshot();

    /// <summary>The files in the temporary storage (API doc §6.1) that have not expired yet, oldest first: a snapshot.</summary>
    public IReadOnlyList<UploadedObject> UploadedObjects => Uploads.Snapshot();

    internal RequestLog Log { get; }

    /// <summary>The sync generations being processed now, per region and model.</summary>
    internal InFlightCounter InFlight { get; } = new();

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
