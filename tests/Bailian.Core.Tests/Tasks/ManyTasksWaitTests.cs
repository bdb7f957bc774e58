using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Catalog;
using Bailian.Connection;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Work;
using Bailian.Tasks;
using Bailian.Tests.Support;
using Xunit.Abstractions;

namespace Bailian.Tests.Tasks;

/// <summary>
/// Fifty tasks waited on together stay under the account's 20 queries per second, as the emulator
/// (which enforces that limit with 429) counts them. Client and emulator share a clock running four
/// times faster than real time: fast enough for a short test, slow enough that loopback latency, which
/// the speed-up magnifies, stays well inside the pacer's 100 ms margin.
/// </summary>
public sealed class ManyTasksWaitTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int TaskCount = 50;
    private readonly ScaledTimeProvider _clock = new(10);
    private readonly DashScopeTransport _transport = new();
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = _clock });
        _emulator.Control.TaskPendingTime = TimeSpan.FromSeconds(1);
        _emulator.Control.TaskRunningTime = TimeSpan.FromSeconds(3);
        _emulator.Control.ConcurrentTasksPerModel = 25;
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _transport.Dispose();

    [Fact]
    public async Task Fifty_tasks_finish_under_20_queries_per_second_each_reported_as_it_ends()
    {
        var options = new TransportOptions { TimeProvider = _clock };
        var connection = _emulator.Connect();
        var client = Clients.For(_transport, _clock);
        await WarmUp(client, connection, options);
        var tasks = new List<TaskToWait>();
        for (var i = 0; i < TaskCount; i++)
        {
            var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Model = "wan2.2-t2i-flash", Prompt = $"tile {i}", Async = true }, ModelCatalog.Default);
            tasks.Add(new TaskToWait((await client.Images.CreateAsync(prepared, connection, options, NullLog.Instance, CancellationToken.None)).Task!, connection));
        }

        var reported = new ConcurrentDictionary<string, (ImageTask Task, DateTimeOffset At)>();
        var progress = new ConcurrentQueue<WaitProgress>();
        var handlers = new WaitHandlers
        {
            Finished = task => reported[task.TaskId] = (task, _clock.GetUtcNow()),
            Failed = (task, error) => throw new InvalidOperationException($"{task.TaskId}: {error.Message}"),
            Progress = progress.Enqueue,
        };

        await client.WaitTasksAsync(tasks, null, options, handlers, NullLog.Instance, CancellationToken.None);

        Assert.Equal(TaskCount, reported.Count);
        Assert.All(reported.Values, r => Assert.Equal(ImageTaskStatus.Succeeded, r.Task.Status));
        var queries = _emulator.Control.Requests.Where(r => r.Kind == "api" && r.Method == "GET").ToList();
        Assert.DoesNotContain(queries, q => q.StatusCode == 429);
        var busiest = queries.Max(q => queries.Count(other => other.ReceivedAt > q.ReceivedAt - TimeSpan.FromSeconds(1) && other.ReceivedAt <= q.ReceivedAt));
        Assert.InRange(busiest, 1, 20);
        Assert.Equal(new WaitProgress(TaskCount, 0, 0, TaskCount), progress.Last());

        // How long after a task ended (by the emulator's clock) the waiter reported it.
        var overheads = reported.Values.Select(r => (r.At - r.Task.EndTime!.Value).TotalSeconds).ToList();
        output.WriteLine($"{queries.Count} queries; busiest second {busiest}; report delay after task end: max {overheads.Max():0.00} s, mean {overheads.Average():0.00} s (virtual)");
        // Each task is reported within its poll interval (at most 5 s) plus its wait in the query queue
        // (50 x 55 ms at the cap); the bound is loose because the 4x clock magnifies any CPU hiccup.
        Assert.All(overheads, o => Assert.InRange(o, -0.01, 30));
    }

    // The first use of the task paths in a process compiles a lot of code (emulator and client); on a
    // small machine that stalls the thread pool for a moment, which at 4x speed would read as seconds.
    private async Task WarmUp(Bailian.Client.BailianClient client, DashScopeConnection connection, TransportOptions options)
    {
        var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Model = "wan2.2-t2i-flash", Prompt = "warm-up", Async = true }, ModelCatalog.Default);
        var task = (await client.Images.CreateAsync(prepared, connection, options, NullLog.Instance, CancellationToken.None)).Task!;
        await client.WaitTaskAsync(new TaskToWait(task, connection), null, options, NullLog.Instance, CancellationToken.None);
        _emulator.Control.ClearRequests();
    }
}
