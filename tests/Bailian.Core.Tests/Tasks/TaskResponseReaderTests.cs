using System;
using System.Linq;
using System.Text.Json;
using Bailian.Json;
using Bailian.Tasks;

namespace Bailian.Tests.Tasks;

/// <summary>The task shapes of API doc §4.1, as DashScope sends them.</summary>
public class TaskResponseReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private static ImageTask Known() => new()
    {
        TaskId = "t", Model = "wan2.5-t2i-preview", Region = "cn-beijing", Endpoint = "https://dashscope.aliyuncs.com/api/v1",
        Prompt = "A flower shop", Name = "shop", Size = "1280*1280", Seed = 5, RequestId = "create-request",
        Columns = new System.Collections.Generic.Dictionary<string, object?> { ["project"] = "p1" },
    };

    private static ImageTask Read(string json) =>
        TaskResponseReader.Read(JsonSerializer.Deserialize(json, DashScopeJsonContext.Default.DashScopeResponse)!, Known(), Now);

    [Fact]
    public void Old_protocol_success_gives_results_with_the_rewritten_prompt()
    {
        var task = Read("""
            {"request_id":"f767","output":{"task_id":"d492","task_status":"SUCCEEDED","submit_time":"2025-01-08 16:03:59.840",
             "scheduled_time":"2025-01-08 16:03:59.863","end_time":"2025-01-08 16:04:10.660",
             "results":[{"orig_prompt":"A flower shop","actual_prompt":"A flower shop with carved windows","url":"https://r.oss-cn-wulanchabu.aliyuncs.com/1.png?Expires=1767225600"}],
             "task_metrics":{"TOTAL":1,"SUCCEEDED":1,"FAILED":0}},"usage":{"image_count":1}}
            """);

        Assert.Equal((ImageTaskStatus.Succeeded, "SUCCEEDED", "d492"), (task.Status, task.StatusText, task.TaskId));
        Assert.Equal(new DateTimeOffset(2025, 1, 8, 16, 3, 59, 840, TimeSpan.FromHours(8)), task.SubmitTime);
        Assert.Equal(new DateTimeOffset(2025, 1, 8, 16, 4, 10, 660, TimeSpan.FromHours(8)), task.EndTime);
        Assert.Equal(new TaskImageCounts(1, 1, 0), task.Metrics);
        var image = Assert.Single(task.Results);
        Assert.Equal(("A flower shop", "A flower shop with carved windows", "shop", 5L), (image.Prompt, image.ActualPrompt, image.Name, image.Seed));
        Assert.Equal(("d492", "create-request", "wan2.5-t2i-preview", "1280*1280"), (image.TaskId, image.RequestId, image.Model, image.Size));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), image.ExpiresAt);
        Assert.Equal(task.EndTime, image.CreatedAt);
        Assert.Equal("p1", image.Columns["project"]);
        Assert.Equal("https://dashscope.aliyuncs.com/api/v1", image.Endpoint);
        Assert.Empty(TaskErrors.Of(task));
    }

    [Fact]
    public void Partial_failure_keeps_the_good_images_and_names_the_failed_ones()
    {
        var task = Read("""
            {"output":{"task_id":"86ec","task_status":"SUCCEEDED","results":[{"url":"https://x/a1.png"},
              {"code":"InternalError.Timeout","message":"An internal timeout error has occurred during execution."}],
              "task_metrics":{"TOTAL":2,"SUCCEEDED":1,"FAILED":1}},"usage":{"image_count":1}}
            """);

        Assert.Equal(0, Assert.Single(task.Results).Index);
        Assert.Equal(new FailedImage(1, "InternalError.Timeout", "An internal timeout error has occurred during execution."), Assert.Single(task.FailedImages));
        var error = Assert.Single(TaskErrors.Of(task));
        Assert.Equal("Bailian.TaskFailed", error.ErrorId);
        Assert.Contains("image 1 failed: InternalError.Timeout", error.Message);
    }

    [Fact]
    public void Failed_is_HTTP_200_with_the_reason_in_output()
    {
        var task = Read("""
            {"request_id":"e5d7","output":{"task_id":"86ec","task_status":"FAILED","code":"InvalidParameter","message":"xxxxxx",
             "task_metrics":{"TOTAL":4,"SUCCEEDED":0,"FAILED":4}}}
            """);

        Assert.Equal((ImageTaskStatus.Failed, "InvalidParameter", "xxxxxx"), (task.Status, task.ErrorCode, task.ErrorMessage));
        Assert.Empty(task.Results);
        var error = Assert.Single(TaskErrors.Of(task));
        Assert.Equal(("Bailian.TaskFailed", BailianErrorCategory.InvalidResult), (error.ErrorId, error.Category));
        Assert.Equal("Task 86ec (wan2.5-t2i-preview) failed: InvalidParameter xxxxxx", error.Message);
    }

    [Fact]
    public void Succeeded_with_every_image_filtered_is_content_filtered_not_success()
    {
        var task = Read("""
            {"output":{"task_id":"t","task_status":"SUCCEEDED","results":[{"code":"DataInspectionFailed","message":"Output data may contain inappropriate content."}],
             "task_metrics":{"TOTAL":1,"SUCCEEDED":0,"FAILED":1}},"usage":{"image_count":0}}
            """);

        Assert.Empty(task.Results);
        Assert.Equal("Bailian.ContentFiltered", Assert.Single(TaskErrors.Of(task)).ErrorId);
    }

    [Fact]
    public void New_protocol_success_reads_choices_and_its_usage_size()
    {
        var task = Read("""
            {"request_id":"2ddf","output":{"task_id":"3cd3","task_status":"SUCCEEDED","submit_time":"2025-12-18 20:03:01.802",
             "scheduled_time":"2025-12-18 20:03:01.834","end_time":"2025-12-18 20:03:29.260","finished":true,
             "choices":[{"finish_reason":"stop","message":{"role":"assistant","content":[{"image":"https://x/1.png?Expires=1","type":"image"},{"image":"https://x/2.png?Expires=1","type":"image"}]}}]},
             "usage":{"size":"1696*960","total_tokens":0,"image_count":2,"output_tokens":0,"input_tokens":0}}
            """);

        Assert.Equal([0, 1], task.Results.Select(r => r.Index));
        Assert.All(task.Results, r => Assert.Equal(("1696*960", 1696, 960), (r.Size, r.Width, r.Height)));
        Assert.All(task.Results, r => Assert.Null(r.ActualPrompt));
    }

    [Theory]
    [InlineData("PENDING", ImageTaskStatus.Pending, false)]
    [InlineData("RUNNING", ImageTaskStatus.Running, false)]
    [InlineData("SUSPENDED", ImageTaskStatus.Suspended, false)]
    [InlineData("CANCELED", ImageTaskStatus.Canceled, true)]
    [InlineData("UNKNOWN", ImageTaskStatus.Unknown, true)]
    [InlineData("ARCHIVED", ImageTaskStatus.Unrecognized, false)]
    public void Every_status_maps_without_crashing(string text, ImageTaskStatus status, bool finished)
    {
        var task = Read("""{"output":{"task_id":"t","task_status":"STATUS"}}""".Replace("STATUS", text, StringComparison.Ordinal));
        Assert.Equal((status, text, finished), (task.Status, task.StatusText, task.IsFinished));
        Assert.Empty(task.Results);
    }

    [Fact]
    public void Canceled_and_unknown_tasks_are_errors_that_say_why()
    {
        Assert.Equal("Bailian.TaskCanceled", Assert.Single(TaskErrors.Of(Read("""{"output":{"task_id":"t","task_status":"CANCELED"}}"""))).ErrorId);
        var unknown = Assert.Single(TaskErrors.Of(Read("""{"output":{"task_id":"t","task_status":"UNKNOWN"}}""")));
        Assert.Equal("Bailian.TaskUnknown", unknown.ErrorId);
        Assert.Contains("older than 24 hours", unknown.Message);
        Assert.Empty(TaskErrors.Of(Read("""{"output":{"task_id":"t","task_status":"RUNNING"}}""")));
    }
}
