using Bailian.Emulator.Pipeline;

namespace Bailian.Emulator;

/// <summary>Knobs a test turns while the emulator runs: latency, queued faults, and the request log. Thread-safe.</summary>
public sealed class EmulatorControl
{
    private readonly FaultQueue _apiFaults = new();
    private readonly FaultQueue _downloadFaults = new();
    private long _latencyTicks;

    internal EmulatorControl(RequestLog log)
    {
        Log = log;
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

    /// <summary>Every request so far (API, downloads and control calls), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Log.Snapshot();

    internal RequestLog Log { get; }

    /// <summary>The next <paramref name="count"/> API requests, in arrival order, are answered with <paramref name="fault"/>.</summary>
    public void EnqueueApiFault(EmulatorFault fault, int count = 1) => _apiFaults.Enqueue(fault, count);

    /// <summary>The next <paramref name="count"/> image downloads, in arrival order, are answered with <paramref name="fault"/>.</summary>
    public void EnqueueDownloadFault(EmulatorFault fault, int count = 1) => _downloadFaults.Enqueue(fault, count);

    /// <summary>Forgets every recorded request.</summary>
    public void ClearRequests() => Log.Clear();

    internal bool TryTakeApiFault(out EmulatorFault? fault) => _apiFaults.TryTake(out fault);

    internal bool TryTakeDownloadFault(out EmulatorFault? fault) => _downloadFaults.TryTake(out fault);

    /// <summary>Drops every queued fault, so a script that failed half-way cannot poison the next one.</summary>
    internal void ClearFaults()
    {
        _apiFaults.Clear();
        _downloadFaults.Clear();
    }
}
