using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Batch;
using Bailian.Tests.Support;

namespace Bailian.Tests.Batch;

public class ModelGateTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    private static async Task Settle() => await Task.Delay(50);

    [Fact]
    public async Task No_more_than_the_limit_are_in_flight()
    {
        var gate = new ModelGate(3, null, new ManualClock(Start));
        var entries = Enumerable.Range(0, 5).Select(_ => gate.EnterAsync(CancellationToken.None)).ToList();
        await Settle();
        Assert.Equal(3, entries.Count(e => e.IsCompleted));

        gate.Exit();
        await Settle();
        Assert.Equal(4, entries.Count(e => e.IsCompleted));
    }

    [Fact]
    public async Task A_429_holds_every_new_start_back_until_Retry_After_and_lowers_the_limit()
    {
        var clock = new ManualClock(Start);
        var gate = new ModelGate(4, null, clock);
        for (var i = 0; i < 4; i++)
        {
            await gate.EnterAsync(CancellationToken.None);
        }

        gate.Throttled(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)); // the 4th was refused: 3 got through
        gate.Exit();
        Assert.Equal(3, gate.Limit);

        gate.Exit(); // a slot is free, but the backoff holds
        var next = gate.EnterAsync(CancellationToken.None);
        await Settle();
        Assert.False(next.IsCompleted);
        clock.Jump(TimeSpan.FromSeconds(2.9));
        await Settle();
        Assert.False(next.IsCompleted);
        await clock.RunUntil(() => next.IsCompleted);
        Assert.Equal(Start.AddSeconds(3), clock.GetUtcNow());
    }

    [Fact]
    public async Task Throughput_recovers_one_step_at_a_time_after_enough_successes()
    {
        var gate = new ModelGate(4, null, new ManualClock(Start)) { ProbeAfter = 2 };
        await gate.EnterAsync(CancellationToken.None);
        await gate.EnterAsync(CancellationToken.None);
        gate.Throttled(null, TimeSpan.Zero);
        gate.Exit();
        Assert.Equal(1, gate.Limit);

        gate.Succeeded();
        Assert.Equal(1, gate.Limit);
        gate.Succeeded();
        Assert.Equal(2, gate.Limit);
        for (var i = 0; i < 10; i++)
        {
            gate.Succeeded();
        }

        Assert.Equal(4, gate.Limit); // never above ThrottleLimit
    }

    [Fact]
    public async Task Submissions_are_paced_just_under_the_models_rate()
    {
        var clock = new ManualClock(Start);
        var gate = new ModelGate(10, 2, clock);
        var started = new System.Collections.Concurrent.ConcurrentQueue<double>();
        var entries = Enumerable.Range(0, 4).Select(async _ =>
        {
            await gate.EnterAsync(CancellationToken.None);
            started.Enqueue((clock.GetUtcNow() - Start).TotalSeconds);
        }).ToList();

        await clock.RunUntil(() => entries.All(e => e.IsCompleted));

        // 2 per second, kept 5 % under the limit: 0.525 s apart.
        Assert.Equal([0, 0.525, 1.05, 1.575], started.OrderBy(s => s).Select(s => Math.Round(s, 6)));
    }

    [Fact]
    public async Task Waiting_ends_at_once_on_cancellation()
    {
        var gate = new ModelGate(1, null, new ManualClock(Start));
        await gate.EnterAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var waiting = gate.EnterAsync(stop.Token);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task A_wait_that_a_signal_ends_leaves_no_timer_behind()
    {
        var clock = new CountingClock();
        var gate = new ModelGate(100, null, clock) { ProbeAfter = 1 };
        using var batch = new CancellationTokenSource(); // lives as long as the batch, as the engine's does
        await gate.EnterAsync(batch.Token);
        gate.Throttled(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1));
        var waiting = gate.EnterAsync(batch.Token); // held back for five minutes

        // Each success raises the limit and wakes the waiter, which finds the backoff still on and waits again.
        for (var wakes = 1; wakes <= 50; wakes++)
        {
            gate.Succeeded();
            await clock.UntilCreated(wakes + 1);
        }

        Assert.Equal(1, clock.LiveTimers); // the wait going on now; none of the 50 it left
        await batch.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, clock.LiveTimers);
    }

    // The system's timers, counted while alive: a wait that is never ended keeps its timer.
    private sealed class CountingClock : TimeProvider
    {
        private int _live;
        private int _created;

        public int LiveTimers => Volatile.Read(ref _live);

        public async Task UntilCreated(int count)
        {
            for (var tries = 0; Volatile.Read(ref _created) < count && tries < 500; tries++)
            {
                await Task.Delay(10);
            }

            Assert.Equal(count, Volatile.Read(ref _created));
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _created);
            Interlocked.Increment(ref _live);
            return new Counted(System.CreateTimer(callback, state, dueTime, period), this);
        }

        private sealed class Counted(ITimer inner, CountingClock clock) : ITimer
        {
            private int _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref clock._live);
                }

                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}
