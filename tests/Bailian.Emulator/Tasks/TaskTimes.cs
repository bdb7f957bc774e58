using System.Globalization;

namespace Bailian.Emulator.Tasks;

/// <summary>
/// The task APIs' time formats. The service writes UTC+8 (Beijing) times; that is the only evidence there is
/// (API doc §4.1, §13.8), so the emulator does it for every region.
/// </summary>
internal static class TaskTimes
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    private const string QueryFormat = "yyyy-MM-dd HH:mm:ss.fff";
    private const string ListParameterFormat = "yyyyMMddHHmmss";

    /// <summary><c>submit_time</c> and friends of the single-task query: <c>2025-01-08 16:03:59.840</c>.</summary>
    public static string Format(DateTimeOffset time) => time.ToOffset(Offset).ToString(QueryFormat, CultureInfo.InvariantCulture);

    /// <summary>The list's <c>start_time</c>/<c>end_time</c> parameters: <c>20240418000000</c>, UTC+8.</summary>
    public static bool TryParseListParameter(string text, out DateTimeOffset time)
    {
        time = default;
        if (!DateTime.TryParseExact(text, ListParameterFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        time = new DateTimeOffset(local, Offset);
        return true;
    }

    /// <summary>Cut to whole seconds, the resolution of the list's parameters.</summary>
    public static DateTimeOffset ToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
