namespace Bailian.Input;

/// <summary>
/// Reads the booleans people write in CSV files. PowerShell's binder refuses strings for [bool]
/// parameters, so a transformation attribute calls this for -PromptExtend and -Watermark.
/// </summary>
public static class BooleanText
{
    public static bool TryParse(object? value, out bool result)
    {
        switch (value)
        {
            case bool flag:
                result = flag;
                return true;
            case int or long or short or byte:
                var number = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                result = number != 0;
                return number is 0 or 1;
            case string text:
                return TryParseText(text.Trim(), out result);
            default:
                result = false;
                return false;
        }
    }

    private static bool TryParseText(string text, out bool result)
    {
        result = false;
        switch (text.ToUpperInvariant())
        {
            case "TRUE" or "YES" or "Y" or "1" or "ON" or "$TRUE":
                result = true;
                return true;
            case "FALSE" or "NO" or "N" or "0" or "OFF" or "$FALSE":
                return true;
            default:
                return false;
        }
    }
}
