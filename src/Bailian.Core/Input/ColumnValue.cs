using System.Globalization;
using System.Text.RegularExpressions;

namespace Bailian.Input;

/// <summary>
/// Reads a number or a boolean from a row column (a CSV cell, a JSON value) strictly. PowerShell's own
/// binder converts loosely — "2.5" becomes 2, "1,5" becomes 15, "0x2" 2, "1e3" 1000 — and silently drops
/// what it cannot convert, so a mistyped cell would still be sent and billed. Here a value is what it
/// plainly says or an error naming the column.
/// </summary>
public static class ColumnValue
{
    private static readonly Regex PlainInteger = new(@"^[+-]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex PlainDecimal = new(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$", RegexOptions.CultureInvariant);

    /// <summary>
    /// <paramref name="raw"/> as <paramref name="type"/> (<see cref="int"/>, <see cref="long"/>, <see cref="double"/>
    /// or <see cref="bool"/>, nullable or not); null for an empty cell, which means "not given".
    /// </summary>
    /// <exception cref="BailianValidationException">Bailian.InvalidNumber or Bailian.InvalidBoolean, naming <paramref name="column"/>.</exception>
    public static object? Parse(object? raw, Type type, string column)
    {
        if (raw is null || raw is string blank && blank.Trim().Length == 0)
        {
            return null;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(bool))
        {
            return BooleanText.TryParse(raw, out var flag)
                ? flag
                : throw new BailianValidationException(ErrorIds.InvalidBoolean,
                    $"{column} '{raw}' is not a boolean: write true or false (yes/no and 1/0 also work).");
        }

        if (target == typeof(int) || target == typeof(long))
        {
            return WholeNumber(raw) is { } whole && (target == typeof(long) || whole is >= int.MinValue and <= int.MaxValue)
                ? Convert.ChangeType(whole, target, CultureInfo.InvariantCulture)
                : throw new BailianValidationException(ErrorIds.InvalidNumber,
                    $"{column} '{raw}' is not a whole number: write digits only, such as 2.");
        }

        if (target == typeof(double))
        {
            return Decimal(raw) ?? throw new BailianValidationException(ErrorIds.InvalidNumber,
                $"{column} '{raw}' is not a number: write digits with a point for decimals, such as 1.5.");
        }

        throw new ArgumentException($"{target.Name} is not a column type this reader knows.", nameof(type));
    }

    private static long? WholeNumber(object raw) => raw switch
    {
        string text when PlainInteger.IsMatch(text.Trim()) =>
            long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null,
        int or long or short or byte or sbyte or ushort or uint => Convert.ToInt64(raw, CultureInfo.InvariantCulture),
        // A JSON number arrives typed; 2.0 is plainly 2, 2.5 is not a count.
        double or float or decimal => Whole(Convert.ToDouble(raw, CultureInfo.InvariantCulture)),
        _ => null,
    };

    // NaN and the infinities fail the comparisons; the bounds keep the cast exact.
    private static long? Whole(double value) =>
        value == Math.Floor(value) && value is >= -9.0e18 and <= 9.0e18 ? (long)value : null;

    private static double? Decimal(object raw) => raw switch
    {
        string text when PlainDecimal.IsMatch(text.Trim()) => double.Parse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
        double or float or decimal or int or long or short or byte => Convert.ToDouble(raw, CultureInfo.InvariantCulture),
        _ => null,
    };
}
