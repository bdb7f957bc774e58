namespace Bailian.Batch;

/// <summary>
/// Admits create calls for one (region, model): at most as many in flight as the account has proved it
/// accepts, paced to the model's submission rate, and all of them held back together after a 429 that the
/// known ceiling cannot explain.
/// <list type="bullet">
/// <item>Learning the ceiling: until the first 429 every call may start, up to the caller's ThrottleLimit. A 429
/// lowers the ceiling to the calls still in flight without it (the ones the server took), and the ceiling is kept
/// from then on.</item>
/// <item>Probing above it, rarely: after <see cref="ProbeAfter"/> successes at the ceiling one extra slot opens. A
/// probe that draws a 429 closes that slot and costs only its own call a Retry-After; the others go on at the
/// ceiling, and the next probe waits twice as many successes (up to <see cref="MaxProbeAfter"/>). A probe slot
/// that is accepted <see cref="ConfirmAfter"/> times raises the ceiling by one.</item>
/// <item>One shared backoff: a 429 within the ceiling (or while it is being learned) pauses every new start for
/// the model until its Retry-After, so workers do not each retry on their own (no retry storm).</item>
/// </list>
/// </summary>
public sealed class ModelGate
{
    private const double SpacingMargin = 1.05;
    private readonly object _gate = new();
    private readonly int _maxConcurrency;
    private readonly TimeSpan _spacing;
    private readonly TimeProvider _clock;
    private TaskCompletionSource<bool> _changed = NewSignal();
    private bool _learned;
    private int _ceiling;
    private int _limit;
    private int _inFlight;
    private int _probesInFlight;
    private int _successes;
    private int _confirmations;
    private int _probeAfter;
    private DateTimeOffset _probeNotBefore = DateTimeOffset.MinValue;
    private DateTimeOffset _backoffUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextStart = DateTimeOffset.MinValue;

    public ModelGate(int maxConcurrency, double? requestsPerSecond, TimeProvider clock)
    {
        _maxConcurrency = Math.Max(1, maxConcurrency);
        _ceiling = _limit = _maxConcurrency;
        // 5 % slower than the limit: DashScope counts arrivals, and calls spaced exactly at the limit arrive
        // jittered, so now and then a third lands in a second that allows two and draws a 429 and a backoff.
        _spacing = requestsPerSecond is > 0 ? TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond * SpacingMargin / requestsPerSecond.Value)) : TimeSpan.Zero;
        _clock = clock;
        _probeAfter = ProbeAfter;
    }

    /// <summary>Successes at the learned ceiling before the first probe above it (and after a probe raised it).</summary>
    public int ProbeAfter
    {
        get;
        init
        {
            field = Math.Max(1, value);
            _probeAfter = field;
        }
    } = 16;

    /// <summary>The most successes a failed probe can make the next one wait for (each failure doubles the wait).</summary>
    public int MaxProbeAfter { get; init; } = 1024;

    /// <summary>Accepted calls in the probe slot that raise the ceiling by one (one could be luck: a slot just freed).</summary>
    public int ConfirmAfter { get; init; } = 3;

    /// <summary>The concurrency now allowed: the ceiling, plus one while a probe is open (for progress and tests).</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    /// <summary>The concurrency the server has proved it takes (ThrottleLimit until the first 429).</summary>
    public int Ceiling
    {
        get
        {
            lock (_gate)
            {
                return _ceiling;
            }
        }
    }

    /// <summary>Calls admitted and not yet out (for tests).</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Waits until a call may start, then counts it in flight. Pair with <see cref="Exit"/>.</summary>
    public async Task<GateEntry> EnterAsync(CancellationToken cancellationToken)
    {
        // Wait loop 4 of 4 (ARCHITECTURE.md): the shared backoff. It retries nothing itself; BatchEngine's
        // loop (2) comes back here after a 429 and waits with every other worker of the same (region, model)
        // until the Retry-After, the submission spacing and the concurrency limit all allow a start. Separate
        // from Polly because the backoff belongs to the model, not to one call: one 429 pauses all starts.
        while (true)
        {
            TimeSpan? wait;
            Task changed;
            lock (_gate)
            {
                var now = _clock.GetUtcNow();
                wait = now < _backoffUntil ? _backoffUntil - now
                    : now < _nextStart ? _nextStart - now
                    : _inFlight >= _limit ? null
                    : TimeSpan.Zero;
                if (wait == TimeSpan.Zero)
                {
                    var slot = !_learned ? GateSlot.Discovery : _inFlight >= _ceiling ? GateSlot.Probe : GateSlot.Known;
                    _inFlight++;
                    _probesInFlight += slot == GateSlot.Probe ? 1 : 0;
                    _nextStart = now + _spacing;
                    return new GateEntry(slot);
                }

                changed = _changed.Task;
            }

            // The losing wait is ended here, whichever wins: left running, it would keep its timer and its
            // registration on the batch's token for the batch's whole life, one per wait (issue 12).
            using var waitEnds = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(changed, _clock.Delay(wait ?? Timeout.InfiniteTimeSpan, waitEnds.Token)).ConfigureAwait(false);
            waitEnds.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The call is over (whatever its outcome): frees its slot. A second call for the same entry does nothing.</summary>
    public void Exit(GateEntry entry)
    {
        lock (_gate)
        {
            Leave(entry);
            Signal();
        }
    }

    /// <summary>The call was accepted: counts toward the next probe, or toward confirming the one open.</summary>
    public void Succeeded(GateEntry entry)
    {
        lock (_gate)
        {
            if (entry.IsProbe)
            {
                if (_limit > _ceiling && ++_confirmations >= ConfirmAfter)
                {
                    _ceiling = _limit;
                    _confirmations = 0;
                    _successes = 0;
                    _probeAfter = ProbeAfter;
                }

                return;
            }

            if (_learned && _limit == _ceiling && _ceiling < _maxConcurrency
                && ++_successes >= _probeAfter && _clock.GetUtcNow() >= _probeNotBefore)
            {
                _limit = _ceiling + 1;
                _successes = 0;
                _confirmations = 0;
                Signal();
            }
        }
    }

    /// <summary>
    /// DashScope said 429 (the call no longer counts in flight). While a probe is open it was the probe's doing: the
    /// probe slot closes and only this call waits the returned Retry-After (or <paramref name="fallback"/>) before it
    /// enters again. Otherwise the ceiling is what got through, and every new start is held back until the
    /// Retry-After has passed (the returned pause is then zero: the shared backoff covers it).
    /// </summary>
    public TimeSpan Throttled(GateEntry entry, TimeSpan? retryAfter, TimeSpan fallback)
    {
        lock (_gate)
        {
            var probing = _limit > _ceiling || _probesInFlight > 0;
            Leave(entry);
            var pause = retryAfter ?? fallback;
            var now = _clock.GetUtcNow();
            _successes = 0;
            _confirmations = 0;
            if (probing && _learned)
            {
                _limit = _ceiling;
                _probeAfter = (int)Math.Min((long)_probeAfter * 2, Math.Max(ProbeAfter, MaxProbeAfter));
                _probeNotBefore = now + pause;
                return pause;
            }

            var until = now + pause;
            _backoffUntil = until > _backoffUntil ? until : _backoffUntil;
            // The calls still in flight were accepted: that many the server takes.
            _ceiling = _limit = Math.Max(1, Math.Min(_ceiling, _inFlight));
            _learned = true;
            return TimeSpan.Zero;
        }
    }

    private void Leave(GateEntry entry)
    {
        if (entry.Left)
        {
            return;
        }

        entry.Left = true;
        _inFlight--;
        _probesInFlight -= entry.IsProbe ? 1 : 0;
    }

    private void Signal()
    {
        var old = _changed;
        _changed = NewSignal();
        old.TrySetResult(true);
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
