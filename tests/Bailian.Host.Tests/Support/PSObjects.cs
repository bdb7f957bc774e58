using System.Management.Automation;

namespace Bailian.Host.Tests.Support;

/// <summary>Reading output objects the way a script does: by property name, whatever the type behind them.</summary>
public static class PSObjects
{
    /// <summary>The value of <paramref name="property"/> (a .NET property or a note added on the way), or null.</summary>
    public static object? Value(this PSObject item, string property) => item.Properties[property]?.Value;

    /// <summary>The value of <paramref name="property"/> as text, or null.</summary>
    public static string? Text(this PSObject item, string property) => item.Value(property)?.ToString();

    /// <summary>The first of its type names, e.g. <c>Bailian.ImageResult</c>: what formatting and -is see.</summary>
    public static string TypeName(this PSObject item) => item.TypeNames[0];
}
