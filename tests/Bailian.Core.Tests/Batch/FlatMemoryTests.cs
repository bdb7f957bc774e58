using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Batch;
using Bailian.Catalog;
using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Tests.Support;
using Bailian.Work;
using Xunit.Abstractions;

namespace Bailian.Tests.Batch;

/// <summary>
/// A batch's memory does not grow with its rows (issue 12): the live heap after a full collection, measured with the
/// engine still running, is the same after 1,000 rows and after 11,000. Counted in bytes, not timed. The server is a
/// handler in this process that keeps nothing (the emulator keeps a log of every request, which would grow).
/// </summary>
[Collection(nameof(Alone))]
public sealed class FlatMemoryTests(ITestOutputHelper output)
{
    private const int Warmup = 1_000;
    private const int More = 10_000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_live_heap_after_11000_rows_is_what_it_was_after_1000(bool ordered)
    {
        using var transport = new DashScopeTransport(new AnsweringHandler());
        var endpoint = DashScopeEndpoint.Select("http://127.0.0.1:1/api/v1", null, null, null, null, null);
        var connection = new DashScopeConnection(endpoint, new ApiKeyResolver(_ => null, "/none").Resolve("sk-flat-memory", null));
        var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "the same row, again and again" }, ModelCatalog.Default);
        long done = 0;
        long failed = 0;
        // The batch's token lives as long as the batch, as the cmdlet's does: waits must not hang on to it.
        using var batch = new CancellationTokenSource();
        // 4 in flight and 32 pending: most rows wait at the model's gate before they are sent.
        using var engine = Clients.For(transport).NewBatch(new BatchOptions { ThrottleLimit = 4, Ordered = ordered }, outcome =>
        {
            Interlocked.Increment(ref done);
            if (outcome.Failed)
            {
                Interlocked.Increment(ref failed);
            }
        }, NullLog.Instance);

        async Task<long> LiveHeapAfter(long rows)
        {
            for (var number = Interlocked.Read(ref done) + 1; engine.Progress().Done + engine.Progress().Running + engine.Progress().Queued < rows; number++)
            {
                await engine.AddAsync(new BatchRow((int)number, prepared, connection, null), batch.Token);
            }

            while (Interlocked.Read(ref done) < rows)
            {
                await Task.Delay(10);
            }

            return GC.GetTotalMemory(forceFullCollection: true);
        }

        var afterWarmup = await LiveHeapAfter(Warmup);
        var afterMore = await LiveHeapAfter(Warmup + More);
        await engine.CompleteAsync();

        var perRow = (afterMore - afterWarmup) / (double)More;
        output.WriteLine($"live heap {afterWarmup:N0} B after {Warmup:N0} rows, {afterMore:N0} B after {Warmup + More:N0}: {perRow:0.0} B per row");
        Assert.Equal(0, Interlocked.Read(ref failed));
        Assert.Equal(Warmup + More, Interlocked.Read(ref done));
        // A few hundred kilobytes of slack for pools and caches that settle late; 1.4-4 KB per row, as before the fix,
        // would be 14-40 MB.
        Assert.InRange(afterMore - afterWarmup, long.MinValue, 512 * 1024);
    }

    /// <summary>Answers every create call with one image, after a yield (as a network would), and keeps nothing.</summary>
    private sealed class AnsweringHandler : HttpMessageHandler
    {
        private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""
            {"output":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":[
              {"image":"https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/1d/ab/20261130/flat.png?Expires=1767225600&OSSAccessKeyId=LTAI5tQZd8AEcZX6KZV4G8qL&Signature=abc%3D"}]}}],
              "task_metric":{"TOTAL":1,"SUCCEEDED":1,"FAILED":0}},
             "usage":{"width":1664,"height":928,"image_count":1},"request_id":"d0250a3d-b07f-49e1-bdc8-6793f4929abc"}
            """);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                await content.CopyToAsync(System.IO.Stream.Null, cancellationToken);
            }

            await Task.Yield();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Answer) };
        }
    }
}
