using System.Globalization;

namespace Bailian.Tasks;

/// <summary>
/// DashScope writes task times two ways. The single-task query gives "yyyy-MM-dd HH:mm:ss.fff"
/// (milliseconds sometimes absent) with no zone: the evidence (API doc §4.1, §13.8) says Beijing time,
/// so they are read as UTC+08:00 in every region. The list gives epoch milliseconds.
/// <para>
/// Whatever DashScope wrote, every time Bailian reports (task times, CreatedAt, ExpiresAt) is in the local offset of
/// the machine, as Get-Date shows time: the same task shows the same time whether it was queried, listed or waited for.
/// </para>
/// </summary>
public static class TaskTimes
{
    public static readonly TimeSpan ServerOffset = TimeSpan.FromHours(8);

    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm:ss.FFF", "yyyy-MM-dd HH:mm:ss"];

    public static DateTimeOffset? ParseText(string? text) =>
        DateTime.TryParseExact(text?.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var server)
            ? Local(new DateTimeOffset(server, ServerOffset))
            : null;

    public static DateTimeOffset? FromEpochMilliseconds(long? milliseconds) =>
        milliseconds is { } ms and > 0 ? Local(DateTimeOffset.FromUnixTimeMilliseconds(ms)) : null;

    /// <summary>The same instant in the machine's local offset: the one rule for every time Bailian reports.</summary>
    public static DateTimeOffset Local(DateTimeOffset time) => time.ToLocalTime();

    /// <inheritdoc cref="Local(DateTimeOffset)"/>
    public static DateTimeOffset? Local(DateTimeOffset? time) => time?.ToLocalTime();

    /// <summary>The list API's window bounds, "yyyyMMddHHmmss" in the server's time.</summary>
    public static string ToQueryText(DateTimeOffset time) =>
        time.ToOffset(ServerOffset).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
