namespace Bailian.Emulator.Pipeline;

/// <summary>
/// The calls admitted in the last second by the emulator's clock, for a "so many per second" limit. Refused calls
/// do not count, so a client that backs off for a second always gets through again. Not thread-safe: each
/// limiter holds its own lock around it.
/// </summary>
internal sealed class RollingWindow
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Queue<DateTimeOffset> _admitted = new();

    /// <summary>True, and counted, when fewer than <paramref name="limit"/> calls were admitted in the second up to <paramref name="now"/>.</summary>
    public bool TryAdmit(DateTimeOffset now, int limit)
    {
        // A test clock moved backwards would otherwise count "future" calls until it caught up.
        if (_admitted.Count > 0 && _admitted.Last() > now)
        {
            _admitted.Clear();
        }

        while (_admitted.TryPeek(out var oldest) && oldest <= now - Window)
        {
            _admitted.Dequeue();
        }

        if (_admitted.Count >= limit)
        {
            return false;
        }

        _admitted.Enqueue(now);
        return true;
    }
}
