namespace Bailian.Emulator;

/// <summary>
/// How an async task ends when it is not the plain success: queue it on <see cref="EmulatorControl"/> and the next
/// created tasks, in order, end this way (API doc §4.1, §13.13), so that a client's handling of each can be tested.
/// </summary>
public abstract record TaskOutcome
{
    internal const string FailedCode = "InternalError";
    internal const string FailedMessage = "An internal error has occured, please try again later or contact service support.";
    internal const string PartialCode = "InternalError.Timeout";
    internal const string PartialMessage =
        "An internal timeout error has occurred during execution, please try again later or contact service support.";

    // Only the factories below create outcomes: the private protected constructor keeps other assemblies from deriving.
    private protected TaskOutcome()
    {
    }

    /// <summary>
    /// <c>FAILED</c>: HTTP 200 with <c>output.code</c> and <c>output.message</c>, every image counted as failed in
    /// <c>task_metrics</c>. The default wording is the service's own, its typo included.
    /// </summary>
    public static TaskOutcome Failed(string code = FailedCode, string message = FailedMessage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentNullException.ThrowIfNull(message);
        return new FailedTask(code, message);
    }

    /// <summary>
    /// <c>SUCCEEDED</c>, but the last <paramref name="failedImages"/> results are <c>{code, message}</c> items and
    /// <c>usage.image_count</c> counts only the others. With <paramref name="failedImages"/> at or above the task's
    /// <c>n</c>, every item fails.
    /// </summary>
    public static TaskOutcome PartialFailure(int failedImages, string code = PartialCode, string message = PartialMessage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedImages, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentNullException.ThrowIfNull(message);
        return new FailedImages(failedImages, code, message);
    }

    /// <summary>
    /// <c>SUCCEEDED</c> with every result <c>DataInspectionFailed</c>, <c>SUCCEEDED: 0</c> and <c>image_count</c> 0:
    /// the third-party fixture the API doc warns about (§13.13), contrary to the doc's "at least one success" rule.
    /// </summary>
    public static TaskOutcome ContentFiltered() => new FilteredImages();
}

/// <summary>The task fails as a whole.</summary>
internal sealed record FailedTask(string Code, string Message) : TaskOutcome;

/// <summary>The last <paramref name="Count"/> images fail; the task still succeeds.</summary>
internal sealed record FailedImages(int Count, string Code, string Message) : TaskOutcome;

/// <summary>Every image is withheld by the output content check; the task still succeeds.</summary>
internal sealed record FilteredImages : TaskOutcome
{
    public const string Code = "DataInspectionFailed";
    public const string Message = "Output data may contain inappropriate content.";
}
