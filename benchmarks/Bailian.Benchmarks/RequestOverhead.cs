using Bailian.Client.DashScope;
using System.Text.Json;
using Bailian.Catalog;
using Bailian.Generation;
using BenchmarkDotNet.Attributes;

namespace Bailian.Benchmarks;

/// <summary>
/// Benchmark 3: client CPU time and allocations per image for building a request (validation and body)
/// and reading the answer. Network and server time are left out on purpose.
/// </summary>
[MemoryDiagnoser]
public class RequestOverhead
{
    private static readonly byte[] Answer = System.Text.Encoding.UTF8.GetBytes("""
        {"output":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":[
          {"image":"https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/7d/1a/20261121/xxx.png?Expires=1767225600&OSSAccessKeyId=LTAI5tQZd8AEcZX6KZV4G8qL&Signature=abcdefghijklmnopqrstuvwxyz0%3D"}]}}],
          "task_metric":{"TOTAL":1,"SUCCEEDED":1,"FAILED":0}},
         "usage":{"width":1664,"height":928,"image_count":1},"request_id":"d0250a3d-b07f-49e1-bdc8-6793f4929xxx"}
        """);

    private readonly PreparedGeneration _prepared = TextToImagePlanner.Prepare(
        new TextToImageRequest { Prompt = "A couplet hanging in a classical Chinese hall, ink and gold, soft window light", Size = "1664*928", Seed = 42 },
        ModelCatalog.Default);

    [Benchmark]
    public long BuildRequest()
    {
        var prepared = TextToImagePlanner.Prepare(
            new TextToImageRequest { Prompt = "A couplet hanging in a classical Chinese hall, ink and gold, soft window light", Size = "1664*928", Seed = 42 },
            ModelCatalog.Default);
        using var sink = new MemoryStream(512);
        DashScopeBody.For(prepared, "cn-beijing").WriteToAsync(sink, CancellationToken.None).GetAwaiter().GetResult();
        return sink.Length;
    }

    private readonly Bailian.Connection.DashScopeEndpoint _endpoint = Bailian.Connection.DashScopeEndpoint.Select(null, "Beijing", null, null, null, null);

    [Benchmark]
    public int ReadAnswer()
    {
        var response = JsonSerializer.Deserialize(Answer, Bailian.Json.DashScopeJsonContext.Default.DashScopeResponse)!;
        return SyncResponseReader.Read(response, _prepared, _endpoint, DateTimeOffset.UtcNow).Count;
    }
}
