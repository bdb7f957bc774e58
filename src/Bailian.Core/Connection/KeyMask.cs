using System.Text.RegularExpressions;

namespace Bailian.Connection;

/// <summary>
/// Hides API keys that arrive as data: a CSV row with an api_key column, or an sk-… string in any cell.
/// Such a row travels on as the target of its errors (shown by Format-List, saved by Export-Clixml) and
/// as columns of its results and sidecar files, so what the module writes back carries the mask instead.
/// </summary>
public static class KeyMask
{
    /// <summary>What a masked value shows.</summary>
    public const string Masked = "***";

    // DashScope keys are sk- and 32 hex digits; any sk- token of some length is treated alike.
    private static readonly Regex KeyToken = new(@"\bsk-[A-Za-z0-9._-]{6,}", RegexOptions.CultureInvariant);
    // Not every "key": a row_key column is our own resume key, not a secret.
    private static readonly Regex SecretName = new(@"api[_-]?key|access[_-]?key|secret|token|password|^key$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>
    /// A key as Connect-Bailian shows it: its prefix and last four characters (sk-…abcd), enough to tell two keys
    /// apart and nowhere near enough to use one; *** for a key too short to show any of it.
    /// </summary>
    public static string Show(string key)
    {
        key = key.Trim();
        if (key.Length < 16)
        {
            return Masked;
        }

        var prefix = key.StartsWith("sk-", StringComparison.Ordinal) ? "sk-" : "";
        return prefix + "\u2026" + key.Substring(key.Length - 4);
    }

    /// <summary>True for column names such as api_key, ApiKey, DASHSCOPE_API_KEY, access_token, key.</summary>
    public static bool IsSecretName(string name) => SecretName.IsMatch(name);

    /// <summary>The value with every key in it masked: all of it under a secret-like name, each sk-… token elsewhere.</summary>
    public static object? Mask(string name, object? value) => value switch
    {
        null => null,
        _ when IsSecretName(name) => Masked,
        string text => KeyToken.Replace(text, "sk-" + Masked),
        _ => value,
    };

    /// <summary>True when <see cref="Mask"/> would change the value.</summary>
    public static bool NeedsMask(string name, object? value) => value is not null && (IsSecretName(name) || value is string text && KeyToken.IsMatch(text));
}
