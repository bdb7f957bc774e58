using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Batch;
using Bailian.Tests.Support;

namespace Bailian.Tests.Batch;

/// <summary>
/// The gate alone, on a test clock, against a simulated server that takes a fixed number of calls at once: what is
/// asserted is counts (429s drawn, calls in flight, slots), never how long anything took.
/// </summary>
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

        gate.Exit(await entries[0]);
        await Settle();
        Assert.Equal(4, entries.Count(e => e.IsCompleted));
    }

    [Fact]
    public async Task A_429_holds_every_new_start_back_until_Retry_After_and_lowers_the_limit()
    {
        var clock = new ManualClock(Start);
        var gate = new ModelGate(4, null, clock);
        var entries = new List<GateEntry>();
        for (var i = 0; i < 4; i++)
        {
            entries.Add(await gate.EnterAsync(CancellationToken.None));
        }

        // The 4th was refused: 3 got through. Not a probe, so no call waits alone: all wait together.
        Assert.Equal(TimeSpan.Zero, gate.Throttled(entries[3], TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)));
        gate.Exit(entries[3]);
        Assert.Equal(3, gate.Limit);
        Assert.Equal(3, gate.InFlight);

        gate.Exit(entries[0]); // a slot is free, but the backoff holds
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
    public async Task Over_subscribed_the_first_wave_teaches_the_ceiling_which_is_kept()
    {
        var clock = new ManualClock(Start);
        var gate = new ModelGate(8, null, clock);
        var server = new CappedServer(gate, clock, capacity: 3);

        await server.LearnAsync(8);
        Assert.Equal(5, server.Refused); // the five above what the server takes, answered first
        Assert.Equal(3, gate.Ceiling);
        Assert.Equal(3, gate.InFlight);

        server.Run(calls: 15); // one fewer than ProbeAfter: never a fourth in flight
        Assert.Equal(5, server.Refused);
        Assert.Equal(3, server.MostInFlight);
        Assert.Equal(3, gate.Limit);
    }

    [Fact]
    public async Task A_failed_probe_costs_its_own_call_a_pause_and_the_others_go_on_at_the_ceiling()
    {
        var clock = new ManualClock(Start);
        var gate = new ModelGate(8, null, clock) { ProbeAfter = 4 };
        var server = new CappedServer(gate, clock, capacity: 3);
        await server.LearnAsync(8);
        server.Run(calls: 3);

        var done = server.InFlight.Dequeue();
        gate.Succeeded(done); // the 4th success opens the probe slot
        gate.Exit(done);
        Assert.Equal(4, gate.Limit);
        server.InFlight.Enqueue(await gate.EnterAsync(CancellationToken.None));
        var probe = await gate.EnterAsync(CancellationToken.None);
        Assert.True(probe.IsProbe);

        // The server takes 3, so the probe is refused: it alone waits its Retry-After; the ceiling stays, no backoff.
        Assert.Equal(TimeSpan.FromSeconds(2), gate.Throttled(probe, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        gate.Exit(probe);
        Assert.Equal(3, gate.Ceiling);
        Assert.Equal(3, gate.Limit);
        Assert.Equal(3, gate.InFlight);
        gate.Exit(server.InFlight.Dequeue());
        var next = gate.EnterAsync(CancellationToken.None);
        Assert.True(next.IsCompleted); // at once: no shared backoff after a failed probe
        Assert.False((await next).IsProbe);
    }

    [Fact]
    public async Task Probes_get_rarer_after_each_failure()
    {
        var clock = new ManualClock(Start);
        var gate = new ModelGate(8, null, clock) { ProbeAfter = 4, MaxProbeAfter = 64 };
        var server = new CappedServer(gate, clock, capacity: 3);
        await server.LearnAsync(8);

        server.Run(calls: 1000);

        // Failed probes after 4, 8, 16 and 32 successes, then every 64: 4 + (1000 - 60) / 64 = 18 (not 1000 / 4).
        Assert.Equal(18, server.RefusedProbes);
        Assert.Equal(5 + 18, server.Refused); // the first wave's five, then only probes
        Assert.Equal(3, server.MostInFlight);
        Assert.Equal(3, gate.Ceiling);
    }

    [Fact]
    public async Task A_probe_slot_accepted_ConfirmAfter_times_raises_the_ceiling()
    {
        var clock = new ManualClock(Start);
        var gate = new ModelGate(8, null, clock) { ProbeAfter = 4, ConfirmAfter = 3 };
        var server = new CappedServer(gate, clock, capacity: 3);
        await server.LearnAsync(8);
        server.Capacity = 5; // the account was given more

        server.Run(calls: 60);

        Assert.Equal(5, gate.Ceiling);
        Assert.Equal(5, server.MostInFlight);
        Assert.Equal(server.Refused - 5, server.RefusedProbes); // above 5, only probes were refused
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
        var gate = new ModelGate(100, null, clock);
        using var batch = new CancellationTokenSource(); // lives as long as the batch, as the engine's does
        var accepted = new List<GateEntry>();
        for (var i = 0; i < 51; i++)
        {
            accepted.Add(await gate.EnterAsync(batch.Token));
        }

        gate.Throttled(accepted[50], TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1));
        var waiting = gate.EnterAsync(batch.Token); // held back for five minutes

        // Each call that ends frees a slot and wakes the waiter, which finds the backoff still on and waits again.
        for (var wakes = 1; wakes <= 50; wakes++)
        {
            gate.Exit(accepted[wakes - 1]);
            await clock.UntilCreated(wakes + 1);
        }

        Assert.Equal(1, clock.LiveTimers); // the wait going on now; none of the 50 it left
        await batch.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, clock.LiveTimers);
    }

    /// <summary>
    /// A server that takes <see cref="Capacity"/> calls at once and answers 429 (no Retry-After) to one more, driven
    /// one step at a time: each step the oldest accepted call succeeds, then every call the gate admits is sent.
    /// A refusal moves the clock on by a second, past the back-off it causes.
    /// </summary>
    private sealed class CappedServer(ModelGate gate, ManualClock clock, int capacity)
    {
        public int Capacity { get; set; } = capacity;

        public Queue<GateEntry> InFlight { get; } = new();

        public int Refused { get; private set; }

        public int RefusedProbes { get; private set; }

        public int MostInFlight { get; private set; }

        /// <summary>A first wave of <paramref name="count"/> calls, all at once.</summary>
        public async Task LearnAsync(int count)
        {
            var wave = new List<GateEntry>();
            for (var i = 0; i < count; i++)
            {
                wave.Add(await gate.EnterAsync(CancellationToken.None));
            }

            wave.ForEach(Send);
        }

        public void Run(int calls)
        {
            for (var i = 0; i < calls; i++)
            {
                var done = InFlight.Dequeue();
                gate.Succeeded(done);
                gate.Exit(done);
                while (TryEnter() is { } entry)
                {
                    Send(entry);
                }
            }
        }

        private void Send(GateEntry entry)
        {
            if (InFlight.Count < Capacity)
            {
                InFlight.Enqueue(entry);
                MostInFlight = Math.Max(MostInFlight, InFlight.Count);
                return;
            }

            Refused++;
            RefusedProbes += entry.IsProbe ? 1 : 0;
            gate.Throttled(entry, null, TimeSpan.FromSeconds(1));
            gate.Exit(entry);
            clock.Jump(TimeSpan.FromSeconds(1));
        }

        // Admitted now, or not at all: a wait is cancelled before it could admit anything.
        private GateEntry? TryEnter()
        {
            using var notNow = new CancellationTokenSource();
            var entering = gate.EnterAsync(notNow.Token);
            if (entering.IsCompleted)
            {
                return entering.Result;
            }

            notNow.Cancel();
            _ = entering.ContinueWith(t => t.Exception, TaskScheduler.Default);
            return null;
        }
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
