using System.Globalization;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Control;

/// <summary>
/// <c>PUT /_emulator/limits?concurrentPerModel=&amp;requestsPerSecond=&amp;throttleRetryAfterMs=&amp;resultImageBytes=</c>:
/// the per-model limits on create calls and the weight of result images, for scripts and benchmarks that run the
/// emulator as a separate process.
/// </summary>
internal static class LimitControlEndpoints
{
    public static void Map(RouteGroupBuilder group, EmulatorControl control) =>
        group.MapPut("/limits", context => SetLimitsAsync(context, control));

    // Every value is checked before any is set: a bad call changes nothing.
    private static Task SetLimitsAsync(HttpContext context, EmulatorControl control)
    {
        var query = context.Request.Query;
        if (!TryRead(query, "concurrentPerModel", 0, int.MaxValue, out var concurrent)
            || !TryReadRate(query, out var rate)
            || !TryRead(query, "throttleRetryAfterMs", 0, int.MaxValue, out var retryAfterMs)
            || !TryRead(query, "resultImageBytes", 0, EmulatorControl.MaxResultImageBytes, out var imageBytes))
        {
            return ControlEndpoints.BadRequestAsync(
                context,
                "concurrentPerModel, throttleRetryAfterMs and resultImageBytes (at most "
                + EmulatorControl.MaxResultImageBytes.ToString(CultureInfo.InvariantCulture)
                + ") must be whole numbers of at least 0, requestsPerSecond 0 or a decimal number of at least "
                + EmulatorControl.MinRequestsPerSecond.ToString(CultureInfo.InvariantCulture) + ".");
        }

        if (concurrent is { } slots)
        {
            control.ConcurrentRequestsPerModel = (int)slots;
        }

        if (rate is { } perSecond)
        {
            control.RequestsPerSecondPerModel = perSecond;
        }

        if (retryAfterMs is { } ms)
        {
            control.ThrottleRetryAfter = TimeSpan.FromMilliseconds(ms);
        }

        if (imageBytes is { } bytes)
        {
            control.ResultImageBytes = bytes;
        }

        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["concurrentPerModel"] = control.ConcurrentRequestsPerModel,
            ["requestsPerSecond"] = control.RequestsPerSecondPerModel,
            ["throttleRetryAfterMs"] = (long)control.ThrottleRetryAfter.TotalMilliseconds,
            ["resultImageBytes"] = control.ResultImageBytes,
        });
    }

    // Absent is fine (null); present must be a whole number in [min, max].
    private static bool TryRead(IQueryCollection query, string name, long min, long max, out long? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var text))
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            return false;
        }

        value = number;
        return true;
    }

    // A plain decimal (no sign, exponent, NaN or infinity): 0, or what the knob accepts.
    private static bool TryReadRate(IQueryCollection query, out double? value)
    {
        value = null;
        if (!query.TryGetValue("requestsPerSecond", out var text))
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number)
            || (number > 0 && number < EmulatorControl.MinRequestsPerSecond))
        {
            return false;
        }

        value = number;
        return true;
    }
}
