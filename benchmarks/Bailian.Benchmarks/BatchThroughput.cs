using System.Diagnostics;
using Bailian.Batch;
using Bailian.Catalog;
using Bailian.Connection;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Work;

namespace Bailian.Benchmarks;

/// <summary>
/// Benchmark 1: N prompts against an emulator that takes latency-ms per image and accepts at most
/// `limit` concurrent requests per model (429 beyond it, with a Retry-After of `retry-after-ms`, none at 0),
/// optionally `rps` per second.
/// Reports wall time against the theoretical minimum rows x latency / limit.
/// </summary>
public static class BatchThroughput
{
    public static async Task<int> RunAsync(Options options)
    {
        var rows = options.Whole("rows", 200);
        var throttle = options.Whole("throttle", 4);
        var latency = TimeSpan.FromMilliseconds(options.Whole("latency-ms", 2000));
        var limit = options.Whole("limit", 4);
        var rps = options.Number("rps", 0);
        var retryAfter = TimeSpan.FromMilliseconds(options.Whole("retry-after-ms", 1000));

        await using var emulator = await EmulatorServer.StartAsync();
        emulator.Control.Latency = latency;
        emulator.Control.ConcurrentRequestsPerModel = limit;
        emulator.Control.RequestsPerSecondPerModel = rps;
        emulator.Control.ThrottleRetryAfter = retryAfter; // 0: the 429s carry no Retry-After
        using var transport = new DashScopeTransport();
        var endpoint = DashScopeEndpoint.Select(emulator.ApiBase().ToString(), null, null, null, null, null);
        var connection = new DashScopeConnection(endpoint, new ApiKeyResolver(_ => null, "/none").Resolve(EmulatorServer.ApiKeys["cn-beijing"], null));
        var done = 0;
        var failed = 0;
        var batch = new BatchOptions { ThrottleLimit = throttle, RequestsPerSecond = rps > 0 ? rps : null };
        var client = new Bailian.Client.BailianClient(transport, Bailian.Tasks.QueryPacer.Shared, Bailian.Catalog.ModelCatalog.Default, TimeProvider.System);
        using var engine = client.NewBatch(batch, outcome =>
        {
            Interlocked.Increment(ref done);
            if (outcome.Failed)
            {
                Interlocked.Increment(ref failed);
            }
        }, NullLog.Instance);

        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= rows; i++)
        {
            var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = $"benchmark row {i}" }, ModelCatalog.Default);
            await engine.AddAsync(new BatchRow(i, prepared, connection, null), CancellationToken.None);
        }

        await engine.CompleteAsync();
        clock.Stop();

        var perSecond = rps > 0 ? Math.Min(limit / latency.TotalSeconds, rps) : limit / latency.TotalSeconds;
        var minimum = rows / perSecond;
        var throttled = emulator.Control.Requests.Count(r => r.StatusCode == 429);
        Console.WriteLine($"batch: rows {rows}, throttle {throttle}, latency {latency.TotalSeconds:0.##} s, limit {limit}, rps {(rps > 0 ? rps : "none")}, Retry-After {(retryAfter > TimeSpan.Zero ? $"{retryAfter.TotalSeconds:0.###} s" : "none")}");
        Console.WriteLine($"  wall {clock.Elapsed.TotalSeconds:0.0} s; theoretical minimum {minimum:0.0} s; ratio {clock.Elapsed.TotalSeconds / minimum:0.000}");
        Console.WriteLine($"  rows done {done}, failed {failed}; 429 answers {throttled}; create calls {emulator.Control.Requests.Count(r => r.Method == "POST")}");
        // When the 429s came, from the emulator's record: a loss shows as a 429 the gate should not have drawn.
        var startedAt = emulator.Control.Requests.Where(r => r.Method == "POST").Min(r => r.ReceivedAt);
        var times = emulator.Control.Requests.Where(r => r.StatusCode == 429).Select(r => $"{(r.ReceivedAt - startedAt).TotalSeconds:0.0}");
        Console.WriteLine($"  429s at (s after the first call): {string.Join(", ", times)}");
        return failed == 0 && done == rows ? 0 : 1;
    }
}
