namespace Bailian.Emulator.Tasks;

/// <summary>
/// The task-query rate limit (API doc §7.3: 20 per second by default, per account). The emulator is one account,
/// so the limit is emulator-wide. A rolling one-second window by the emulator's clock; refused queries do not count,
/// so a client that backs off for a second always gets through again.
/// </summary>
internal sealed class QueryRateLimiter(TimeProvider timeProvider, EmulatorControl control)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _admitted = new();

    /// <summary>True when the query may be answered; it then counts against the window.</summary>
    public bool TryAdmit()
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();

            // A test clock moved backwards would otherwise count "future" queries until it caught up.
            if (_admitted.Count > 0 && _admitted.Last() > now)
            {
                _admitted.Clear();
            }

            while (_admitted.TryPeek(out var oldest) && oldest <= now - Window)
            {
                _admitted.Dequeue();
            }

            if (_admitted.Count >= control.TaskQueriesPerSecond)
            {
                return false;
            }

            _admitted.Enqueue(now);
            return true;
        }
    }
}
