using Bailian.Emulator.Pipeline;

namespace Bailian.Emulator.Tasks;

/// <summary>
/// The task-query rate limit (API doc §7.3: 20 per second by default, per account). The emulator is one account,
/// so the limit is emulator-wide: a rolling one-second window by the emulator's clock.
/// </summary>
internal sealed class QueryRateLimiter(TimeProvider timeProvider, EmulatorControl control)
{
    private readonly Lock _gate = new();
    private readonly RollingWindow _window = new();

    /// <summary>True when the query may be answered; it then counts against the window.</summary>
    public bool TryAdmit()
    {
        lock (_gate)
        {
            return _window.TryAdmit(timeProvider.GetUtcNow(), control.TaskQueriesPerSecond);
        }
    }
}
