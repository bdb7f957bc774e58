namespace Bailian;

/// <summary>
/// What kind of failure an error is. The names match PowerShell's ErrorCategory so the cmdlets map
/// them by name, while Bailian.Core stays free of System.Management.Automation.
/// </summary>
public enum BailianErrorCategory
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    InvalidResult,
    InvalidOperation,
    AuthenticationError,
    PermissionDenied,
    ObjectNotFound,
    ResourceExists,
    ResourceUnavailable,
    LimitsExceeded,
    QuotaExceeded,
    ConnectionError,
    OperationTimeout,
    SecurityError,
    OperationStopped,
    WriteError,
}

/// <summary>
/// Base of every error Bailian raises on purpose. <see cref="ErrorId"/> is stable (scripts match on
/// it); the message says what went wrong and what to do, and never contains the API key.
/// </summary>
public class BailianException : Exception
{
    public BailianException(string errorId, BailianErrorCategory category, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
    }

    /// <summary>A short stable id such as <c>Bailian.InvalidSize</c>.</summary>
    public string ErrorId { get; }

    public BailianErrorCategory Category { get; }

    /// <summary>True when the same request may succeed if tried again (and trying cannot bill twice).</summary>
    public virtual bool IsTransient => false;

    /// <summary>How long the server asked us to wait before trying again, when it said.</summary>
    public virtual TimeSpan? RetryAfter => null;
}

/// <summary>Input rejected locally, before anything was sent or billed.</summary>
public sealed class BailianValidationException(string errorId, string message)
    : BailianException(errorId, BailianErrorCategory.InvalidArgument, message);

/// <summary>
/// A setup problem that no row can get past (no API key, unknown region, insecure endpoint):
/// the cmdlets make it terminating instead of repeating it for every row.
/// </summary>
public sealed class BailianConfigurationException(string errorId, string message)
    : BailianException(errorId, BailianErrorCategory.InvalidArgument, message);
