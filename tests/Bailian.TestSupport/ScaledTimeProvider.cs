using System;
using System.Diagnostics;
using System.Threading;

namespace Bailian.Tests.Support;

/// <summary>
/// Real time running <c>speed</c> times faster: timers fire after dueTime / speed of real time. Shared
/// by the client and the emulator, it keeps one consistent clock for many concurrent waits (which an
/// instant clock cannot), while a test of tens of virtual seconds takes a few real ones.
/// </summary>
public sealed class ScaledTimeProvider(double speed) : TimeProvider
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    public override DateTimeOffset GetUtcNow() => _start + TimeSpan.FromTicks((long)(_elapsed.Elapsed.Ticks * speed));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan virtualTime) =>
        virtualTime == Timeout.InfiniteTimeSpan ? virtualTime : TimeSpan.FromTicks((long)(virtualTime.Ticks / speed));

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));
        public void Dispose() => inner.Dispose();
        public System.Threading.Tasks.ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
