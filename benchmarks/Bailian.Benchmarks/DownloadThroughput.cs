using System.Diagnostics;
using Bailian.Catalog;
using Bailian.Client;
using Bailian.Connection;
using Bailian.Download;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Work;

namespace Bailian.Benchmarks;

/// <summary>
/// Benchmark 2: saving N images of about `bytes` each with SaveBatch, against `curl --parallel` fetching the
/// same URLs in the same run; and how much the process's peak memory grows while saving.
/// </summary>
public static class DownloadThroughput
{
    public static async Task<int> RunAsync(Options options)
    {
        var count = options.Whole("count", 200);
        var bytes = options.Whole("bytes", 4_000_000);
        var throttle = options.Whole("throttle", 8);

        await using var emulator = await EmulatorServer.StartAsync();
        emulator.Control.ResultImageBytes = bytes;
        using var transport = new DashScopeTransport();
        var endpoint = DashScopeEndpoint.Select(emulator.ApiBase().ToString(), null, null, null, null, null);
        var connection = new DashScopeConnection(endpoint, new ApiKeyResolver(_ => null, "/none").Resolve(EmulatorServer.ApiKeys["cn-beijing"], null));
        var client = new BailianClient(transport, Bailian.Tasks.QueryPacer.Shared, ModelCatalog.Default, TimeProvider.System);
        var images = new List<ImageResult>();
        for (var i = 0; i < count; i++)
        {
            var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = $"download {i}", Size = "1328*1328" }, ModelCatalog.Default);
            images.AddRange((await client.Images.CreateAsync(prepared, connection, new TransportOptions(), NullLog.Instance, CancellationToken.None)).Images);
        }

        // Warm the emulator's render cache, so both clients fetch the same ready bytes.
        foreach (var image in images)
        {
            using var warm = await transport.HttpClient.GetAsync(image.Url, HttpCompletionOption.ResponseHeadersRead);
        }

        var root = Directory.CreateTempSubdirectory("bailian-bench-").FullName;
        try
        {
            var ours = await SaveAllAsync(client, images, Path.Combine(root, "bailian"), throttle);
            var curl = RunCurl(images, Path.Combine(root, "curl"), throttle);
            var total = Directory.EnumerateFiles(Path.Combine(root, "bailian")).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"downloads: {count} images, {total / 1048576.0:0.0} MB in all, {throttle} at a time");
            Console.WriteLine($"  Bailian SaveBatch: {ours.Elapsed.TotalSeconds:0.00} s = {total / 1048576.0 / ours.Elapsed.TotalSeconds:0.0} MB/s; peak working set grew {ours.PeakGrowth / 1048576.0:0.0} MB");
            if (curl is { } curlTime)
            {
                Console.WriteLine($"  curl --parallel:   {curlTime.TotalSeconds:0.00} s = {total / 1048576.0 / curlTime.TotalSeconds:0.0} MB/s");
                Console.WriteLine($"  ratio (Bailian throughput / curl throughput): {curlTime.TotalSeconds / ours.Elapsed.TotalSeconds:0.00}");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(TimeSpan Elapsed, long PeakGrowth)> SaveAllAsync(BailianClient client, List<ImageResult> images, string folder, int throttle)
    {
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var before = process.WorkingSet64;
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });
        var failures = 0;
        var clock = Stopwatch.StartNew();
        using (var batch = client.NewSaveBatch(throttle, ordered: false, new TransportOptions(),
                   outcome => { if (outcome.Error is not null) { Interlocked.Increment(ref failures); } }, NullLog.Instance))
        {
            foreach (var image in images)
            {
                await batch.AddAsync(new SaveJob(image, new DownloadTarget(folder, $"image_{image.Prompt.Split(' ')[1]}", false), null, false), CancellationToken.None);
            }

            await batch.CompleteAsync();
        }

        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} downloads failed.");
        }

        return (clock.Elapsed, peak - before);
    }

    private static TimeSpan? RunCurl(List<ImageResult> images, string folder, int throttle)
    {
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "urls.txt");
        File.WriteAllLines(config, images.SelectMany((image, i) => new[] { $"url = \"{image.Url}\"", $"output = \"{Path.Combine(folder, $"curl_{i}.png")}\"" }));
        try
        {
            var clock = Stopwatch.StartNew();
            using var curl = Process.Start(new ProcessStartInfo("curl", $"--silent --fail --parallel --parallel-max {throttle} --config \"{config}\"")
            {
                UseShellExecute = false,
            })!;
            curl.WaitForExit();
            clock.Stop();
            return curl.ExitCode == 0 ? clock.Elapsed : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("  curl is not installed: no comparison.");
            return null;
        }
    }
}
