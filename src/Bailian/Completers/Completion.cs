using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Bailian.Catalog;

namespace Bailian.Completers;

/// <summary>What every completer needs.</summary>
internal static class Completion
{
    // A size contains '*', which PowerShell would read as a wildcard without quotes.
    public static string Unquote(string? word) => (word ?? "").Trim('\'', '"');
}
