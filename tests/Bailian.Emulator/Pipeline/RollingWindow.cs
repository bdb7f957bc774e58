namespace Bailian.Emulator.Pipeline;

/// <summary>
/// The calls admitted in the last second (or another span) by the emulator's clock, for a "so many per second"
/// limit. Refused calls do not count, so a client that backs off for a window always gets through again. Not
/// thread-safe: each limiter holds its own lock around it.
/// </summary>
internal sealed class RollingWindow
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private readonly Queue<DateTimeOffset> _admitted = new();
    private DateTimeOffset _latest = DateTimeOffset.MinValue;

    /// <summary>True, and counted, when fewer than <paramref name="limit"/> calls were admitted in the second up to <paramref name="now"/>.</summary>
    public bool TryAdmit(DateTimeOffset now, int limit) => TryAdmit(now, limit, OneSecond);

    /// <summary>True, and counted, when fewer than <paramref name="limit"/> calls were admitted in the <paramref name="window"/> up to <paramref name="now"/>.</summary>
    public bool TryAdmit(DateTimeOffset now, int limit, TimeSpan window)
    {
        // A test clock moved backwards would otherwise count "future" calls until it caught up. The latest time is
        // kept apart because Queue has no cheap Last(), and a high limit makes the queue long.
        if (_latest > now)
        {
            _admitted.Clear();
        }

        while (_admitted.TryPeek(out var oldest) && oldest <= now - window)
        {
            _admitted.Dequeue();
        }

        if (_admitted.Count >= limit)
        {
            return false;
        }

        _admitted.Enqueue(now);
        _latest = now;
        return true;
    }
}
