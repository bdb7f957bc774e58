namespace Bailian.Download;

/// <summary>A download that failed; transient ones (5xx, 429, a dropped connection) are retried.</summary>
public sealed class DownloadException(string errorId, BailianErrorCategory category, string message, bool transient = false,
    TimeSpan? retryAfter = null, Exception? inner = null)
    : BailianException(errorId, category, message, inner)
{
    public override bool IsTransient => transient;
    public override TimeSpan? RetryAfter => retryAfter;
}
