using System;
using System.Threading;
using System.Threading.Tasks;

namespace Bailian.Batch;

/// <summary>
/// Admits create calls for one (region, model): at most as many in flight as the account has proved it
/// accepts, paced to the model's submission rate, and all of them held back together after a 429.
/// <list type="bullet">
/// <item>Concurrency adapts: a 429 lowers the limit to what was in flight without it; every
/// <see cref="ProbeAfter"/> successes in a row the limit grows by one, up to the caller's ThrottleLimit.</item>
/// <item>One shared backoff: a 429's Retry-After pauses every new start for the model, so workers do not
/// each retry on their own (no retry storm).</item>
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
    private int _limit;
    private int _inFlight;
    private int _successesSinceChange;
    private DateTimeOffset _backoffUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextStart = DateTimeOffset.MinValue;

    public ModelGate(int maxConcurrency, double? requestsPerSecond, TimeProvider clock)
    {
        _maxConcurrency = Math.Max(1, maxConcurrency);
        _limit = _maxConcurrency;
        // 5 % slower than the limit: DashScope counts arrivals, and calls spaced exactly at the limit arrive
        // jittered, so now and then a third lands in a second that allows two and draws a 429 and a backoff.
        _spacing = requestsPerSecond is > 0 ? TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond * SpacingMargin / requestsPerSecond.Value)) : TimeSpan.Zero;
        _clock = clock;
    }

    /// <summary>How many successes in a row before trying one more in flight.</summary>
    public int ProbeAfter { get; init; } = 8;

    /// <summary>The concurrency now allowed (for progress and tests).</summary>
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

    /// <summary>Waits until a call may start, then counts it in flight. Pair with <see cref="Exit"/>.</summary>
    public async Task EnterAsync(CancellationToken cancellationToken)
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
                    _inFlight++;
                    _nextStart = now + _spacing;
                    return;
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

    public void Exit()
    {
        lock (_gate)
        {
            _inFlight--;
            Signal();
        }
    }

    /// <summary>The call was accepted: after enough of these in a row, allow one more in flight.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            if (++_successesSinceChange >= ProbeAfter && _limit < _maxConcurrency)
            {
                _limit++;
                _successesSinceChange = 0;
                Signal();
            }
        }
    }

    /// <summary>
    /// DashScope said 429: hold every new start back until the server's Retry-After (or
    /// <paramref name="fallback"/>) has passed, and allow no more in flight than got through.
    /// </summary>
    public void Throttled(TimeSpan? retryAfter, TimeSpan fallback)
    {
        lock (_gate)
        {
            var until = _clock.GetUtcNow() + (retryAfter ?? fallback);
            _backoffUntil = until > _backoffUntil ? until : _backoffUntil;
            // This call is still counted in flight; the others in flight were accepted.
            _limit = Math.Max(1, Math.Min(_limit, _inFlight - 1));
            _successesSinceChange = 0;
        }
    }

    private void Signal()
    {
        var old = _changed;
        _changed = NewSignal();
        old.TrySetResult(true);
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
