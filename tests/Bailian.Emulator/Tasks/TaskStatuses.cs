namespace Bailian.Emulator.Tasks;

/// <summary>The <c>task_status</c> values (API doc §4.1); the service's spelling, CANCELED with one L.</summary>
internal static class TaskStatuses
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Canceled = "CANCELED";
    public const string Unknown = "UNKNOWN";

    /// <summary>What the list's <c>status</c> filter accepts (API doc §4.3).</summary>
    public static readonly IReadOnlyList<string> Listable = [Pending, Running, Succeeded, Failed, Canceled];
}
