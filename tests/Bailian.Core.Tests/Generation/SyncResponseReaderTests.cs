using Bailian.Client.DashScope;
using System;
using System.Linq;
using System.Text.Json;
using Bailian.Catalog;
using Bailian.Connection;
using Bailian.Generation;
using Bailian.Json;

namespace Bailian.Tests.Generation;

/// <summary>The documented response shapes (API doc §2.2), read as DashScope sends them.</summary>
public class SyncResponseReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private static readonly DashScopeEndpoint Beijing = DashScopeEndpoint.Select(null, "Beijing", null, null, null, null);

    private static PreparedGeneration Prepared(string model, string? size = null, int? count = null) =>
        TextToImagePlanner.Prepare(new TextToImageRequest { Model = model, Prompt = "p", Size = size, Count = count, Seed = 5, Name = "row" },
            ModelCatalog.Default);

    private static DashScopeResponse Parse(string json) => JsonSerializer.Deserialize(json, DashScopeJsonContext.Default.DashScopeResponse)!;

    [Fact]
    public void Qwen_image_shape_with_task_metric_and_pixel_usage()
    {
        var response = Parse("""
            {"output":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":[
              {"image":"https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/xxx.png?Expires=1767225600"}]}}],
              "task_metric":{"TOTAL":1,"SUCCEEDED":1,"FAILED":0}},
             "usage":{"width":1664,"height":928,"image_count":1},
             "request_id":"d0250a3d-b07f-49e1-bdc8-6793f4929xxx"}
            """);
        var image = Assert.Single(SyncResponseReader.Read(response, Prepared("qwen-image-max"), Beijing, Now));
        Assert.Equal(1, response.Output!.TaskMetric!.Succeeded);
        Assert.Equal("https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/xxx.png?Expires=1767225600", image.Url);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), image.ExpiresAt);
        Assert.Equal(("1664*928", 1664, 928), (image.Size, image.Width, image.Height));
        Assert.Equal(("qwen-image-max", "p", 5L, 0, "row"), (image.Model, image.Prompt, image.Seed, image.Index, image.Name));
        Assert.Equal(("d0250a3d-b07f-49e1-bdc8-6793f4929xxx", "cn-beijing", Now), (image.RequestId, image.Region, image.CreatedAt));
    }

    [Fact]
    public void Wan26_shape_with_type_finished_and_token_usage()
    {
        var response = Parse("""
            {"output":{"choices":[{"finish_reason":"stop","message":{"content":[
               {"image":"https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/1.png?Expires=1","type":"image"},
               {"image":"https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/2.png?Expires=1","type":"image"}],"role":"assistant"}}],
              "finished":true},
             "usage":{"image_count":2,"input_tokens":0,"output_tokens":0,"size":"1280*1280","total_tokens":0},
             "request_id":"815505c6-7c3d-49d7-b197-xxxxx"}
            """);
        var images = SyncResponseReader.Read(response, Prepared("wan2.6-t2i", count: 2), Beijing, Now);
        Assert.Equal([0, 1], images.Select(i => i.Index));
        Assert.All(images, i => Assert.Equal((1280, 1280), (i.Width, i.Height)));
        Assert.True(response.Output!.Finished);
    }

    [Fact]
    public void Qwen3_usage_shape_gives_the_output_size()
    {
        var response = Parse("""
            {"output":{"choices":[{"message":{"content":[{"image":"https://x/1.png"}]}}]},
             "usage":{"output_width":2048,"output_height":1024,"input_image_count":0,"output_image_count":1},"request_id":"r"}
            """);
        var image = Assert.Single(SyncResponseReader.Read(response, Prepared("qwen-image-3.0"), Beijing, Now));
        Assert.Equal("2048*1024", image.Size);
        Assert.Null(image.ExpiresAt);
    }

    [Fact]
    public void Without_usage_the_requested_size_then_the_default_is_used()
    {
        var response = Parse("""{"output":{"choices":[{"message":{"content":[{"image":"https://x/1.png"}]}}]}}""");
        Assert.Equal("1328*1328", SyncResponseReader.Read(response, Prepared("qwen-image", "1328x1328"), Beijing, Now)[0].Size);
        Assert.Equal("1664*928", SyncResponseReader.Read(response, Prepared("qwen-image"), Beijing, Now)[0].Size);
    }

    [Fact]
    public void A_success_without_images_is_an_error_with_the_reason_and_request_id()
    {
        var response = Parse("""{"output":{"choices":[],"code":"DataInspectionFailed","message":"Output data may contain inappropriate content."},"request_id":"r-9"}""");
        var error = Assert.Throws<BailianException>(() => SyncResponseReader.Read(response, Prepared("qwen-image"), Beijing, Now));
        Assert.Equal("Bailian.NoImages", error.ErrorId);
        Assert.Contains("DataInspectionFailed", error.Message);
        Assert.Contains("r-9", error.Message);
    }
}
