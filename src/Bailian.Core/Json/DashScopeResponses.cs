using System.Collections.Generic;
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
    public string? Code { get; set; }
    public string? Message { get; set; }
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
