using System;
using System.Threading;

namespace Bailian.Tests.Support;

/// <summary>
/// A clock that moves only when told to: set <see cref="Now"/> or <see cref="Advance"/> it (for expiry checks and
/// the emulator's task and result-URL times). Its timers are the system's (Microsoft.Extensions.TimeProvider.Testing
/// is not available offline).
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    /// <summary>The current time, in UTC.</summary>
    public DateTimeOffset Now
    {
        get => GetUtcNow();
        set => Interlocked.Exchange(ref _utcTicks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
