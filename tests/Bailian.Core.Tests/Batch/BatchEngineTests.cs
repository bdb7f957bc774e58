using System;
using System.Linq;
using System.Threading.Tasks;
using Bailian.Batch;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Tests.Support;

namespace Bailian.Tests.Batch;

/// <summary>The batch engine against the emulator: outcomes, order, concurrency, throttling, task models.</summary>
public sealed class BatchEngineTests : IAsyncLifetime, IDisposable
{
    private readonly DashScopeTransport _transport = new();
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorServer.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _transport.Dispose();

    private static TransportOptions Fast => new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) };

    private static TextToImageRequest[] Prompts(int count, string model = "qwen-image-plus") =>
        Enumerable.Range(1, count).Select(i => new TextToImageRequest { Prompt = $"row {i}", Model = model, Name = $"r{i}" }).ToArray();

    [Fact]
    public async Task Every_row_gets_one_outcome_Ordered_keeps_the_input_order_and_a_refused_row_comes_at_once()
    {
        _emulator.Control.Latency = TimeSpan.FromMilliseconds(30);
        var rows = Prompts(24);
        rows[5].Size = "1*1"; // refused locally: its error has nothing to keep in order, and is not held back

        var outcomes = await new BatchRunner(_transport, new BatchOptions { ThrottleLimit = 6, Ordered = true, Transport = Fast })
            .RunAsync(_emulator.Connect(), rows);

        var refused = outcomes.FindIndex(o => o.Row.Number == 6);
        Assert.Equal("Bailian.InvalidSize", outcomes[refused].Failures.Single().ErrorId);
        Assert.True(refused < outcomes.FindIndex(o => o.Row.Number == 7), "delivered when it was added, before any later row could be");
        outcomes.RemoveAt(refused);
        Assert.Equal(Enumerable.Range(1, 24).Where(i => i != 6).Select(i => (int?)i), outcomes.Select(o => o.Row.Number));
        Assert.All(outcomes.Where(o => o.Row.Number != 6), o => Assert.Equal($"row {o.Row.Number}", o.Images.Single().Prompt));
        Assert.Equal(23, _emulator.Control.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task No_more_than_ThrottleLimit_calls_are_in_flight()
    {
        _emulator.Control.Latency = TimeSpan.FromMilliseconds(100);
        var inFlight = 0;
        var most = 0;
        var outcomes = await new BatchRunner(_transport, new BatchOptions { ThrottleLimit = 3, Transport = Fast })
            .RunAsync(_emulator.Connect(), Prompts(12));

        // The emulator saw them arrive: with 100 ms each and 3 at a time, no four overlap.
        var posts = _emulator.Control.Requests.Where(r => r.Method == "POST").Select(r => r.ReceivedAt).OrderBy(t => t).ToList();
        foreach (var start in posts)
        {
            inFlight = posts.Count(t => t >= start && t < start + TimeSpan.FromMilliseconds(90));
            most = Math.Max(most, inFlight);
        }

        Assert.Equal(12, outcomes.Count(o => o.Images.Count == 1));
        Assert.InRange(most, 1, 3);
    }

    [Fact]
    public async Task ThrottleLimit_counts_the_calls_of_every_model_together()
    {
        // Each model has a gate of its own; -ThrottleLimit 1 must still mean one call at a time over all of them.
        _emulator.Control.Latency = TimeSpan.FromMilliseconds(150);
        string[] models = ["qwen-image-plus", "qwen-image-max", "qwen-image", "qwen-image-2.0"];
        var rows = models.SelectMany(model => Prompts(2, model)).ToArray();

        var outcomes = await new BatchRunner(_transport, new BatchOptions { ThrottleLimit = 1, Transport = Fast })
            .RunAsync(_emulator.Connect(), rows);

        var posts = _emulator.Control.Requests.Where(r => r.Method == "POST").Select(r => r.ReceivedAt).OrderBy(t => t).ToList();
        var gaps = posts.Zip(posts.Skip(1), (first, next) => next - first).ToList();
        Assert.Equal(8, outcomes.Count(o => o.Images.Count == 1));
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(140), $"two calls {gap.TotalMilliseconds:0} ms apart"));
    }

    [Fact]
    public async Task A_burst_of_429s_is_waited_out_together_and_no_row_fails()
    {
        _emulator.Control.EnqueueApiFault(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)), 3);

        var outcomes = await new BatchRunner(_transport, new BatchOptions { ThrottleLimit = 4, Transport = Fast })
            .RunAsync(_emulator.Connect(), Prompts(8));

        Assert.All(outcomes, o => Assert.Single(o.Images));
        var requests = _emulator.Control.Requests;
        Assert.Equal(3, requests.Count(r => r.StatusCode == 429));
        Assert.Equal(11, requests.Count(r => r.Method == "POST"));
        // Read from the server's clock, not the test's, so a loaded machine cannot fail it. The first wave is four
        // calls, three of them throttled; the backoff is shared and honours Retry-After: nothing at all is sent for
        // a second, then the rest go together (a backoff per row in turn would put them a second apart each).
        var posts = requests.Where(r => r.Method == "POST").Select(r => r.ReceivedAt).OrderBy(t => t).ToList();
        var firstThrottled = requests.Where(r => r.StatusCode == 429).Min(r => r.ReceivedAt);
        Assert.True(posts[4] - firstThrottled >= TimeSpan.FromSeconds(0.9), $"sent again {posts[4] - firstThrottled} after a 429 asking for 1 s");
        Assert.True(posts[6] - posts[4] < TimeSpan.FromSeconds(1.5), $"the throttled rows went again {posts[6] - posts[4]} apart");
    }

    [Fact]
    public async Task Over_subscribed_the_learned_ceiling_is_kept_and_probed_rarely()
    {
        // The server takes 3 at once; the batch may have 8 in flight. Counted by the server, not timed.
        _emulator.Control.Latency = TimeSpan.FromMilliseconds(40);
        _emulator.Control.ConcurrentRequestsPerModel = 3;

        var outcomes = await new BatchRunner(_transport, new BatchOptions { ThrottleLimit = 8, Transport = Fast })
            .RunAsync(_emulator.Connect(), Prompts(150));

        Assert.All(outcomes, o => Assert.Single(o.Images));
        // The first wave's five above the limit, then a probe after 16, 32 and 64 more successes: 8 at most (a gate
        // that tried a fourth call every 8 successes drew about 20, each holding every row back for its Retry-After).
        var throttled = _emulator.Control.Requests.Count(r => r.StatusCode == 429);
        Assert.InRange(throttled, 5, 9);
    }

    [Fact]
    public async Task Task_only_models_are_submitted_then_waited_on_together()
    {
        _emulator.Control.TaskPendingTime = TimeSpan.FromMilliseconds(100);
        _emulator.Control.TaskRunningTime = TimeSpan.FromMilliseconds(200);
        _emulator.Control.ConcurrentTasksPerModel = 10;

        var outcomes = await new BatchRunner(_transport, new BatchOptions { ThrottleLimit = 2, Transport = Fast })
            .RunAsync(_emulator.Connect(), Prompts(6, "wan2.2-t2i-flash"));

        Assert.All(outcomes, o => Assert.Equal(o.Row.Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Images.Single().Name![1..]));
        Assert.Equal(6, _emulator.Control.Requests.Count(r => r.Method == "POST"));
        // All six were submitted before the first finished: the slot is freed as soon as a task is accepted.
        var posts = _emulator.Control.Requests.Where(r => r.Method == "POST").Max(r => r.ReceivedAt);
        var firstDone = outcomes.Min(o => o.Images[0].CreatedAt);
        Assert.True(posts < firstDone, "submissions should not wait for earlier tasks to finish");
    }

    [Fact]
    public async Task With_Async_a_row_ends_with_its_task()
    {
        var rows = Prompts(3, "wan2.2-t2i-flash");
        foreach (var row in rows)
        {
            row.Async = true;
        }

        var outcomes = await new BatchRunner(_transport, new BatchOptions { Transport = Fast }).RunAsync(_emulator.Connect(), rows);

        Assert.All(outcomes, o => Assert.Equal(ImageTaskStatus.Pending, o.Task!.Status));
        Assert.DoesNotContain(_emulator.Control.Requests, r => r.Method == "GET");
    }

    [Fact]
    public async Task A_row_throttled_more_often_than_MaxRetryCount_fails_as_Throttled()
    {
        _emulator.Control.EnqueueApiFault(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)), 1);
        var noRetries = new TransportOptions { MaxRetryCount = 0 };

        var outcomes = await new BatchRunner(_transport, new BatchOptions { ThrottleLimit = 1, Transport = noRetries })
            .RunAsync(_emulator.Connect(), Prompts(1));

        Assert.Equal("Bailian.Throttled", outcomes.Single().Failures.Single().ErrorId);
        Assert.Single(_emulator.Control.Requests, r => r.Method == "POST");
    }
}
