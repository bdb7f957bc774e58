using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Work;

namespace Bailian.Tests.Batch;

public class ConcurrentWorkTests
{
    [Fact]
    public async Task Ordered_output_follows_input_order_whatever_finishes_first()
    {
        var delivered = new ConcurrentQueue<int>();
        using var work = new ConcurrentWork<int>(maxPending: 50, ordered: true, delivered.Enqueue);
        var gates = Enumerable.Range(1, 20).Select(_ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        for (var i = 1; i <= 20; i++)
        {
            var n = i;
            if (n == 7)
            {
                work.AddDecided(7); // decided without work, still in its place
                continue;
            }

            await work.AddAsync(async _ => { await gates[n - 1].Task; return n; }, CancellationToken.None);
        }

        foreach (var gate in gates.AsEnumerable().Reverse())
        {
            gate.TrySetResult(true); // the last ones finish first
        }

        await work.CompleteAsync();
        Assert.Equal(Enumerable.Range(1, 20), delivered);
    }

    [Fact]
    public async Task Ordered_an_outcome_decided_at_once_passes_the_pending_ones_and_leaves_its_place_empty()
    {
        var delivered = new ConcurrentQueue<int>();
        using var work = new ConcurrentWork<int>(maxPending: 10, ordered: true, delivered.Enqueue);
        var first = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await work.AddAsync(_ => first.Task, CancellationToken.None);
        work.AddDecided(2, atOnce: true);
        work.AddDecided(3);

        Assert.Equal([2], delivered); // 1 is still running; 3 waits its turn
        first.SetResult(1);
        await work.CompleteAsync();
        Assert.Equal([2, 1, 3], delivered);
    }

    [Fact]
    public async Task Unordered_output_comes_as_it_completes_and_adding_waits_when_too_much_is_pending()
    {
        var delivered = new ConcurrentQueue<int>();
        using var work = new ConcurrentWork<int>(maxPending: 2, ordered: false, delivered.Enqueue);
        var slow = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await work.AddAsync(async _ => { await slow.Task; return 1; }, CancellationToken.None);
        await work.AddAsync(_ => Task.FromResult(2), CancellationToken.None);
        await work.AddAsync(async _ => { await slow.Task; return 3; }, CancellationToken.None);
        var fourth = work.AddAsync(_ => Task.FromResult(4), CancellationToken.None);
        await Task.Delay(50);
        Assert.False(fourth.IsCompleted); // two pending: the fourth waits for room
        Assert.Equal([2], delivered);

        slow.SetResult(true);
        await fourth;
        await work.CompleteAsync();
        Assert.Equal([1, 2, 3, 4], delivered.OrderBy(n => n));
    }
}
