namespace Bailian.Tasks;

/// <summary>
/// How long to wait between task queries, as the official SDKs do (API doc §8.1): start at 1 s and
/// double every third poll, up to 5 s — 1, 1, 2, 2, 2, 4, 4, 4, 5, 5, ...
/// </summary>
public sealed class PollSchedule
{
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);
    private TimeSpan _interval = TimeSpan.FromSeconds(1);
    private int _step;

    public TimeSpan Next()
    {
        _step++;
        if (_step % 3 == 0)
        {
            _interval = TimeSpan.FromTicks(Math.Min(_interval.Ticks * 2, Longest.Ticks));
        }

        return _interval;
    }
}
