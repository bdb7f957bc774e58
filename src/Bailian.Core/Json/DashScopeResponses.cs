using System.Text.Json.Serialization;

namespace Bailian.Json;

// Response bodies. Everything is optional and unknown fields are ignored: DashScope answers in
// several shapes (API doc §10), and a missing field must not break a paid result.

internal sealed class DashScopeResponse
{
    public string? RequestId { get; set; }
    public string? Code { get; set; }
    public string? Message { get; set; }
    public ResponseOutput? Output { get; set; }
    public ResponseUsage? Usage { get; set; }
}

internal sealed class ResponseOutput
{
    public List<ResponseChoice>? Choices { get; set; }
    // The sync endpoint says task_metric, the task query says task_metrics.
    public TaskMetrics? TaskMetric { get; set; }
    public TaskMetrics? TaskMetrics { get; set; }
    public bool? Finished { get; set; }
    public string? TaskId { get; set; }
    public string? TaskStatus { get; set; }
    public string? SubmitTime { get; set; }
    public string? ScheduledTime { get; set; }
    public string? EndTime { get; set; }
    // Old protocol task results: each an image ({url, orig_prompt, actual_prompt}) or a failure ({code, message}).
    public List<TaskResultItem>? Results { get; set; }
    public string? Code { get; set; }
    public string? Message { get; set; }
}

internal sealed class TaskResultItem
{
    public string? Url { get; set; }
    public string? OrigPrompt { get; set; }
    public string? ActualPrompt { get; set; }
    public string? Code { get; set; }
    public string? Message { get; set; }
}

// GET /tasks/ (API doc §4.3). Times here are epoch milliseconds, unlike the single-task query.
internal sealed class TaskListResponse
{
    public string? RequestId { get; set; }
    public int? Total { get; set; }
    public int? TotalPage { get; set; }
    public int? PageNo { get; set; }
    public int? PageSize { get; set; }
    public List<TaskListItem>? Data { get; set; }
}

internal sealed class TaskListItem
{
    public string? TaskId { get; set; }
    public string? Status { get; set; }
    public string? ModelName { get; set; }
    public string? Region { get; set; }
    public string? RequestId { get; set; }
    public long? GmtCreate { get; set; }
    public long? StartTime { get; set; }
    public long? EndTime { get; set; }
}

internal sealed class ResponseChoice
{
    public string? FinishReason { get; set; }
    public ResponseMessage? Message { get; set; }
}

internal sealed class ResponseMessage
{
    public string? Role { get; set; }
    public List<ResponseContent>? Content { get; set; }
}

internal sealed class ResponseContent
{
    public string? Image { get; set; }
    public string? Text { get; set; }
    public string? Type { get; set; }
}

internal sealed class TaskMetrics
{
    [JsonPropertyName("TOTAL")]
    public int? Total { get; set; }

    [JsonPropertyName("SUCCEEDED")]
    public int? Succeeded { get; set; }

    [JsonPropertyName("FAILED")]
    public int? Failed { get; set; }
}

// Three shapes seen: {width,height,image_count} (qwen), {image_count,size,*_tokens} (wan2.6),
// {output_width,output_height,...} (qwen-image-3.0).
internal sealed class ResponseUsage
{
    public int? Width { get; set; }
    public int? Height { get; set; }
    public int? ImageCount { get; set; }
    public string? Size { get; set; }
    public int? OutputWidth { get; set; }
    public int? OutputHeight { get; set; }
}

// GET /uploads?action=getPolicy (API doc §6.1).
internal sealed class UploadPolicyResponse
{
    public string? RequestId { get; set; }
    public UploadPolicy? Data { get; set; }
}

internal sealed class UploadPolicy
{
    public string Policy { get; set; } = "";
    public string Signature { get; set; } = "";
    public string UploadDir { get; set; } = "";
    public string UploadHost { get; set; } = "";
    public int ExpireInSeconds { get; set; }
    public int? MaxFileSizeMb { get; set; }
    public string OssAccessKeyId { get; set; } = "";
    public string XOssObjectAcl { get; set; } = "";
    public string XOssForbidOverwrite { get; set; } = "";
}
