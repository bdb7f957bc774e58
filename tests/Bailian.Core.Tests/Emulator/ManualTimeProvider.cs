using System;
using System.Threading;

namespace Bailian.Tests.Emulator;

/// <summary>A clock that moves only when told to (Microsoft.Extensions.TimeProvider.Testing is not available offline).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
