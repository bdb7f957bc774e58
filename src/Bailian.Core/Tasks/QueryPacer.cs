namespace Bailian.Tasks;

/// <summary>
/// Keeps task queries under the account's limit (20 per second, API doc §7.3) however many tasks are
/// waited on at once, by spacing query starts evenly: one every (1 s + margin) / limit. Evenly spaced
/// rather than in bursts of 20, because DashScope counts arrivals and a burst arrives spread out by
/// network jitter, which can crowd the next second; the margin covers the jitter that remains.
/// Each caller reserves its own slot (first come, first served), so waiters do not all wake for every
/// slot; on waking it also checks the spacing since the last actual start, because a waiter that wakes
/// late (a busy machine wakes several at once) must not start together with the next one.
/// </summary>
public sealed class QueryPacer
{
    private static readonly Lazy<QueryPacer> LazyShared = new(() => new QueryPacer(20, TimeProvider.System));
    private readonly object _gate = new();
    private readonly TimeSpan _spacing;
    private readonly TimeProvider _clock;
    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;
    private DateTimeOffset _lastReserved = DateTimeOffset.MinValue;

    public QueryPacer(int perSecond, TimeProvider clock, TimeSpan? margin = null)
    {
        _spacing = TimeSpan.FromTicks((TimeSpan.FromSeconds(1) + (margin ?? TimeSpan.FromMilliseconds(100))).Ticks / perSecond);
        _clock = clock;
    }

    /// <summary>One pacer per process: the limit is the account's, shared by every command.</summary>
    public static QueryPacer Shared => LazyShared.Value;

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        var wait = Reserve();
        while (wait > TimeSpan.Zero)
        {
            await _clock.Delay(wait, cancellationToken).ConfigureAwait(false);
            wait = TryStart();
        }
    }

    /// <summary>The wait until this caller's slot; a zero wait means it has started.</summary>
    private TimeSpan Reserve()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var slot = _lastReserved == DateTimeOffset.MinValue ? now : Later(now, _lastReserved + _spacing);
            _lastReserved = slot;
            return slot > now ? slot - now : TryStart();
        }
    }

    /// <summary>Starts now (zero) when the spacing since the last actual start has passed; else how long to wait.</summary>
    private TimeSpan TryStart()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_lastStart != DateTimeOffset.MinValue && now < _lastStart + _spacing)
            {
                var earliest = _lastStart + _spacing;
                // Later callers queue behind this one.
                _lastReserved = Later(_lastReserved, earliest);
                return earliest - now;
            }

            _lastStart = now;
            return TimeSpan.Zero;
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
