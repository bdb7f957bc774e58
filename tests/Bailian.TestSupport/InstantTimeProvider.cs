using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Bailian.Tests.Support;

/// <summary>
/// A clock whose timers fire at once and are recorded, so retry backoff can be asserted exactly
/// without the test sleeping. Its time moves forward by each timer's delay.
/// </summary>
public sealed class InstantTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();
    private long _elapsedTicks;

    public InstantTimeProvider(DateTimeOffset? start = null) => Start = start ?? new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Start { get; }

    /// <summary>Every delay a timer was created with, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays => _delays.ToList();

    public override DateTimeOffset GetUtcNow() => Start + TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _elapsedTicks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _delays.Enqueue(dueTime);
            Advance(dueTime);
            _ = Task.Run(() => callback(state));
        }

        return new NoTimer();
    }

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => default;
    }
}
