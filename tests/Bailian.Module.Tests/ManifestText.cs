using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Bailian.Module.Tests;

/// <summary>
/// Reads the simple assignments of Bailian.psd1 (<c>Key = 'text'</c> and <c>Key = @('a', 'b')</c>).
/// Not a PowerShell parser: enough for a manifest written in that plain style, which this test keeps.
/// </summary>
public sealed class ManifestText(string text)
{
    public string? Value(string key)
    {
        var match = Regex.Match(text, $@"^\s*{key}\s*=\s*'([^']*)'", RegexOptions.Multiline);
        return match.Success ? match.Groups[1].Value : null;
    }

    public IReadOnlyList<string>? List(string key)
    {
        var match = Regex.Match(text, $@"^\s*{key}\s*=\s*@\(([^)]*)\)", RegexOptions.Multiline);
        return match.Success
            ? Regex.Matches(match.Groups[1].Value, "'([^']*)'").Select(m => m.Groups[1].Value).ToList()
            : null;
    }
}
