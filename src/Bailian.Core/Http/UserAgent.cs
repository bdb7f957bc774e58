using System.Runtime.InteropServices;

namespace Bailian.Http;

/// <summary><c>Bailian-PowerShell/&lt;version&gt; (&lt;runtime&gt;; &lt;OS&gt;)</c>, so DashScope support can tell our traffic apart.</summary>
public static class UserAgent
{
    public static string Version { get; } =
        typeof(UserAgent).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static string Value { get; } =
        $"Bailian-PowerShell/{Version} ({Clean(RuntimeInformation.FrameworkDescription)}; {Clean(RuntimeInformation.OSDescription)})";

    // Parentheses and odd characters would break the product/comment grammar of the header.
    private static string Clean(string text) => new(System.Linq.Enumerable.ToArray(
        System.Linq.Enumerable.Select(text.Trim(), c => c is '(' or ')' or ';' || c < ' ' || c > '~' ? ' ' : c)));
}
