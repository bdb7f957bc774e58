using Bailian.Generation;
using Bailian.Json;

namespace Bailian.Tasks;

/// <summary>
/// Reads a task query answer (API doc §4.1) into an ImageTask: the old protocol's results[] and the
/// new protocol's choices[] both become ImageResults; per-item failures become FailedImages.
/// </summary>
internal static class TaskResponseReader
{
    public static ImageTask Read(DashScopeResponse response, ImageTask known, DateTimeOffset now)
    {
        var output = response.Output;
        var task = known.WithRequestDetails();
        task.TaskId = output?.TaskId ?? known.TaskId;
        task.StatusText = output?.TaskStatus ?? "";
        task.Status = ParseStatus(task.StatusText);
        task.SubmitTime = TaskTimes.ParseText(output?.SubmitTime) ?? TaskTimes.Local(known.SubmitTime);
        task.ScheduledTime = TaskTimes.ParseText(output?.ScheduledTime);
        task.EndTime = TaskTimes.ParseText(output?.EndTime);
        var metrics = output?.TaskMetrics ?? output?.TaskMetric;
        task.Metrics = metrics is null ? null : new TaskImageCounts(metrics.Total, metrics.Succeeded, metrics.Failed);
        if (task.Status == ImageTaskStatus.Failed)
        {
            task.ErrorCode = output?.Code;
            task.ErrorMessage = output?.Message;
        }

        if (task.Status == ImageTaskStatus.Succeeded)
        {
            ReadImages(task, response, task.EndTime ?? TaskTimes.Local(now));
        }

        return task;
    }

    public static ImageTaskStatus ParseStatus(string? text) => (text ?? "").ToUpperInvariant() switch
    {
        "PENDING" => ImageTaskStatus.Pending,
        "RUNNING" => ImageTaskStatus.Running,
        "SUSPENDED" => ImageTaskStatus.Suspended,
        "SUCCEEDED" => ImageTaskStatus.Succeeded,
        "FAILED" => ImageTaskStatus.Failed,
        "CANCELED" => ImageTaskStatus.Canceled,
        "UNKNOWN" => ImageTaskStatus.Unknown,
        _ => ImageTaskStatus.Unrecognized,
    };

    private static void ReadImages(ImageTask task, DashScopeResponse response, DateTimeOffset createdAt)
    {
        var images = new List<(int Index, string Url, string? ActualPrompt, string? OriginalPrompt)>();
        var failed = new List<FailedImage>();
        var results = response.Output?.Results ?? [];
        for (var i = 0; i < results.Count; i++)
        {
            if (!string.IsNullOrEmpty(results[i].Url))
            {
                images.Add((i, results[i].Url!, results[i].ActualPrompt, results[i].OrigPrompt));
            }
            else
            {
                failed.Add(new FailedImage(i, results[i].Code, results[i].Message));
            }
        }

        // The new protocol has no results[]; its images are in choices, as in the synchronous answer.
        var choiceUrls = (response.Output?.Choices ?? []).SelectMany(c => c.Message?.Content ?? [])
            .Select(c => c.Image).Where(url => !string.IsNullOrEmpty(url)).ToList();
        var offset = images.Count;
        images.AddRange(choiceUrls.Select((url, i) => (offset + i, url!, (string?)null, (string?)null)).ToList());

        ImageSize? size = ImageSize.TryParse(response.Usage?.Size ?? task.Size, out var parsed) ? parsed : null;
        task.Results = images.Select(image => new ImageResult
        {
            Url = image.Url,
            ExpiresAt = SignedUrl.ExpiresAt(image.Url),
            Model = task.Model ?? "",
            Prompt = task.Prompt ?? image.OriginalPrompt ?? "",
            ActualPrompt = image.ActualPrompt,
            NegativePrompt = task.NegativePrompt,
            Size = size?.ToString(),
            Width = size?.Width,
            Height = size?.Height,
            Seed = task.Seed,
            Index = image.Index,
            RequestId = task.RequestId ?? response.RequestId,
            TaskId = task.TaskId,
            Region = task.Region,
            Endpoint = task.Endpoint,
            Name = task.Name,
            CreatedAt = createdAt,
            SourceImages = task.SourceImages,
            RowKey = task.RowKey,
        }).ToList();
        foreach (var result in task.Results)
        {
            foreach (var column in task.Columns)
            {
                result.Columns[column.Key] = column.Value;
            }
        }

        task.FailedImages = failed;
    }
}
