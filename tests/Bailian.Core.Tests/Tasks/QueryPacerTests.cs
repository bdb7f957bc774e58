using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Tasks;
using Bailian.Tests.Support;

namespace Bailian.Tests.Tasks;

public class QueryPacerTests
{
    [Fact]
    public async Task Simultaneous_queries_start_spaced_so_no_window_of_a_second_and_its_margin_holds_more_than_the_limit()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        var pacer = new QueryPacer(20, clock, TimeSpan.FromMilliseconds(100));
        var starts = new ConcurrentQueue<double>();

        // 65 callers ask at the same instant; the clock only moves when every one of them is waiting.
        var callers = Enumerable.Range(0, 65).Select(async _ =>
        {
            await pacer.WaitTurnAsync(CancellationToken.None);
            starts.Enqueue((clock.GetUtcNow() - clock.Start).TotalSeconds);
        }).ToList();
        await clock.RunUntil(() => callers.All(c => c.IsCompleted));

        var ordered = starts.OrderBy(s => s).ToList();
        Assert.Equal(65, ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            Assert.Equal(i * 0.055, ordered[i], 6); // 1.1 s / 20 apart, the first at once
        }

        Assert.All(ordered, s => Assert.InRange(ordered.Count(other => other >= s && other < s + 1.1 - 1e-9), 1, 20));
    }

    [Fact]
    public async Task A_caller_that_wakes_late_does_not_start_together_with_the_others()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        var pacer = new QueryPacer(20, clock, TimeSpan.FromMilliseconds(100));
        await pacer.WaitTurnAsync(CancellationToken.None);
        var late = Enumerable.Range(0, 3).Select(_ => pacer.WaitTurnAsync(CancellationToken.None)).ToList();

        // All three wake at once, long after their turns: still one at a time, 55 ms apart.
        clock.Jump(TimeSpan.FromSeconds(5));
        var startedFirst = await Task.WhenAny(late);
        Assert.Equal(1, late.Count(t => t.IsCompleted));
        await clock.RunUntil(() => late.All(t => t.IsCompleted));
        Assert.Equal(5.11, (clock.GetUtcNow() - clock.Start).TotalSeconds, 6);
    }

    [Fact]
    public async Task Queries_spread_out_in_time_are_not_delayed()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        var pacer = new QueryPacer(2, clock, TimeSpan.Zero); // one per 0.5 s

        for (var i = 0; i < 10; i++)
        {
            Assert.True(pacer.WaitTurnAsync(CancellationToken.None).IsCompleted); // no timer, no wait
            clock.Jump(TimeSpan.FromSeconds(0.5));
        }
    }
}
