namespace Bailian.Http;

/// <summary>
/// A call that failed in a way that cannot have billed: the connection failed before the body was
/// written, or the call was a query. Safe to retry; reported as a connection problem in the end.
/// </summary>
public sealed class NotSentException(Uri url, string reason, bool timedOut, Exception inner)
    : BailianException(timedOut ? ErrorIds.Timeout : ErrorIds.ConnectionFailed,
        timedOut ? BailianErrorCategory.OperationTimeout : BailianErrorCategory.ConnectionError,
        $"Could not get an answer from {url.GetLeftPart(UriPartial.Path)}: {reason}.", inner)
{
    public override bool IsTransient => true;
}
