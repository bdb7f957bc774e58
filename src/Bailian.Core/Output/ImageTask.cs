namespace Bailian;

/// <summary>Where an asynchronous task is (API doc §4.1). Unknown strings map to <see cref="Unrecognized"/>.</summary>
public enum ImageTaskStatus
{
    Pending,
    Running,
    Suspended,
    Succeeded,
    Failed,
    Canceled,
    /// <summary>Never existed, or older than 24 hours.</summary>
    Unknown,
    /// <summary>A status this version of Bailian does not know; see <see cref="ImageTask.StatusText"/>.</summary>
    Unrecognized,
}

/// <summary>One image of a task that failed while others succeeded (a per-item code and message).</summary>
public sealed record FailedImage(int Index, string? Code, string? Message);

/// <summary>Counts DashScope reports for a task.</summary>
public sealed record TaskImageCounts(int? Total, int? Succeeded, int? Failed);

/// <summary>
/// An asynchronous DashScope task: New-BailianImage -Async writes one, Get-BailianTask queries and
/// waits on them, Save-BailianImage saves their images. It carries the request's details so the
/// images it ends with carry them too.
/// </summary>
public sealed class ImageTask
{
    public string TaskId { get; set; } = "";
    public ImageTaskStatus Status { get; set; }
    /// <summary>The status exactly as DashScope wrote it.</summary>
    public string StatusText { get; set; } = "";
    public string? Model { get; set; }
    public string? Region { get; set; }
    /// <summary>The base URL the task was created through: it can be queried only there.</summary>
    public string? Endpoint { get; set; }
    public DateTimeOffset? SubmitTime { get; set; }
    public DateTimeOffset? ScheduledTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public IReadOnlyList<ImageResult> Results { get; set; } = [];
    public IReadOnlyList<FailedImage> FailedImages { get; set; } = [];
    public TaskImageCounts? Metrics { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? Prompt { get; set; }
    public string? NegativePrompt { get; set; }
    public string? Size { get; set; }
    public long? Seed { get; set; }
    public string? Name { get; set; }
    public string? RowKey { get; set; }
    /// <summary>The images an edit task started from.</summary>
    public IReadOnlyList<string> SourceImages { get; set; } = [];
    /// <summary>The request id of the call that created the task.</summary>
    public string? RequestId { get; set; }
    /// <summary>The input row's other columns, carried along.</summary>
    public IDictionary<string, object?> Columns { get; set; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How many images the task made: its results once queried, else DashScope's own count, 0 for a task that ended
    /// without images; null while it runs, and for a task from the list, whose answer carries no count (query it).
    /// </summary>
    public int? ImageCount => Results.Count > 0 ? Results.Count
        : Metrics?.Succeeded is { } succeeded ? succeeded
        : Status is ImageTaskStatus.Failed or ImageTaskStatus.Canceled or ImageTaskStatus.Unknown ? 0
        : null;

    /// <summary>True once the task can change no more.</summary>
    public bool IsFinished => Status is ImageTaskStatus.Succeeded or ImageTaskStatus.Failed or ImageTaskStatus.Canceled or ImageTaskStatus.Unknown;

    public override string ToString() => TaskId;

    /// <summary>A copy with the same request details, for the answer of a later query.</summary>
    internal ImageTask WithRequestDetails() => new()
    {
        TaskId = TaskId, Model = Model, Region = Region, Endpoint = Endpoint, Prompt = Prompt, NegativePrompt = NegativePrompt,
        Size = Size, Seed = Seed, Name = Name, RequestId = RequestId, Columns = Columns, SubmitTime = SubmitTime, SourceImages = SourceImages, RowKey = RowKey,
    };
}
