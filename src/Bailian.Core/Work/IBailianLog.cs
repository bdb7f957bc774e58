namespace Bailian.Work;

/// <summary>
/// Where Core reports what it is doing. The cmdlets' implementation queues the messages so they are
/// written from the pipeline thread (PowerShell forbids Write* from other threads).
/// </summary>
public interface IBailianLog
{
    void Verbose(string message);
    void Warning(string message);
}

/// <summary>A log that drops everything, for callers that want none.</summary>
public sealed class NullLog : IBailianLog
{
    public static NullLog Instance { get; } = new();

    public void Verbose(string message) { }
    public void Warning(string message) { }
}
