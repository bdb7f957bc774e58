using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace Bailian.Tests.Emulator;

/// <summary>Tests that load the machine (hundreds of calls, gigabytes over loopback) run alone, so timing-sensitive tests elsewhere stay calm.</summary>
[CollectionDefinition(nameof(EmulatorLoad), DisableParallelization = true)]
public sealed class EmulatorLoad;

/// <summary>The emulator under the load a client's batch engine and its benchmarks put on it.</summary>
[Collection(nameof(EmulatorLoad))]
public sealed class EmulatorLoadTests
{
    [Fact]
    public async Task Without_a_limit_hundreds_of_calls_run_at_once()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.Latency = TimeSpan.FromSeconds(1);

        var clock = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            emulator.GenerateAsync(Bodies.Generation("qwen-image", prompt: $"fox number {i}"))));
        var elapsed = clock.Elapsed;

        Assert.All(responses, r => Assert.Equal(200, (int)r.StatusCode));
        // Served side by side: one after the other would take five minutes.
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"took {elapsed}");
        Assert.Equal(300, emulator.Control.Requests.Count(r => r.StatusCode == 200));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_crowd_against_a_concurrency_limit_leaks_no_slot()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ConcurrentRequestsPerModel = 5;
        emulator.Control.Latency = TimeSpan.FromMilliseconds(300);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            emulator.GenerateAsync(Bodies.Generation("qwen-image", prompt: $"fox number {i}"))));
        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        var inFlight = emulator.Control.InFlight.Count("cn-beijing", "qwen-image");
        emulator.Control.Latency = TimeSpan.Zero;
        var after = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => emulator.GenerateAsync(Bodies.Generation("qwen-image"))));

        Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 429 }));
        Assert.InRange(statuses.Count(s => s == 200), 5, 195);
        Assert.Equal(0, inFlight);
        Assert.All(after, r => Assert.Equal(200, (int)r.StatusCode));
        foreach (var response in responses.Concat(after))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Two_hundred_4_MB_results_render_quickly()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ResultImageBytes = 4_000_000L;
        var urls = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => ResultImageSizeTests.GenerateOneAsync(emulator, seed: i, size: "512*512")));

        var clock = Stopwatch.StartNew();
        var lengths = await Task.WhenAll(urls.Chunk(25).Select(async batch =>
        {
            var sizes = new long[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                sizes[i] = (await emulator.DownloadAsync(batch[i])).Length;
            }

            return sizes;
        }));

        Assert.All(lengths.SelectMany(l => l), length => Assert.Equal(4_000_000L, length));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }
}
