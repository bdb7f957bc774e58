using Bailian.Emulator.Pipeline;

namespace Bailian.Emulator.Throttling;

/// <summary>
/// The per-model submission rate of create calls (API doc §7.3 gives such limits per model): one rolling window per
/// (region, model), by the emulator's clock.
/// </summary>
internal sealed class SubmissionRateLimiter(TimeProvider timeProvider)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string RegionId, string Model), RollingWindow> _windows = [];

    /// <summary>True, and counted, when the call fits <paramref name="perSecond"/>; always true (uncounted) at 0.</summary>
    public bool TryAdmit(string regionId, string model, double perSecond)
    {
        if (perSecond <= 0)
        {
            return true;
        }

        // At most `perSecond` calls in any rolling second, so a fraction buys nothing; below one a second, one call
        // per 1/rate seconds is the only reading that admits anything at all.
        var (calls, window) = perSecond >= 1
            ? ((int)Math.Min(Math.Floor(perSecond), int.MaxValue), OneSecond)
            : (1, TimeSpan.FromSeconds(1 / perSecond));
        var key = (regionId, model);
        lock (_gate)
        {
            if (!_windows.TryGetValue(key, out var rolling))
            {
                _windows.Add(key, rolling = new RollingWindow());
            }

            return rolling.TryAdmit(timeProvider.GetUtcNow(), calls, window);
        }
    }
}
