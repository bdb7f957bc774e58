using Bailian.Emulator.Pipeline;

namespace Bailian.Emulator.Uploads;

/// <summary>
/// getPolicy's limit: 100 per second per account and model (API doc §6.1, §7.3). The emulator is one account, so
/// it is one rolling window per model name, by the emulator's clock.
/// </summary>
internal sealed class PolicyRateLimiter(TimeProvider timeProvider)
{
    public const int PerSecond = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, RollingWindow> _windows = new(StringComparer.Ordinal);

    public bool TryAdmit(string model)
    {
        lock (_gate)
        {
            if (!_windows.TryGetValue(model, out var window))
            {
                _windows.Add(model, window = new RollingWindow());
            }

            return window.TryAdmit(timeProvider.GetUtcNow(), PerSecond);
        }
    }
}
