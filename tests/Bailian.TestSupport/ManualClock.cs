using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Bailian.Tests.Support;

/// <summary>
/// A clock that moves only when told to: <see cref="RunUntil"/> repeatedly jumps to the earliest
/// pending timers and fires them, once the callers have had a moment to register their timers.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<(DateTimeOffset Due, TimerCallback Callback, object? State)> _timers = [];
    private DateTimeOffset _now = start;

    public DateTimeOffset Start { get; } = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Add((_now + dueTime, callback, state));
        }

        return new NoTimer();
    }

    /// <summary>Moves time forward and fires every timer due by then.</summary>
    public void Jump(TimeSpan by)
    {
        List<(DateTimeOffset Due, TimerCallback Callback, object? State)> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.Due <= _now).ToList();
            _timers.RemoveAll(t => t.Due <= _now);
        }

        foreach (var timer in due)
        {
            timer.Callback(timer.State);
        }
    }

    public async Task RunUntil(Func<bool> done)
    {
        while (!done())
        {
            await Task.Delay(10);
            TimeSpan step;
            lock (_gate)
            {
                step = _timers.Count == 0 ? TimeSpan.Zero : _timers.Min(t => t.Due) - _now;
            }

            Jump(step > TimeSpan.Zero ? step : TimeSpan.Zero);
        }
    }

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => default;
    }
}
