namespace Bailian.Connection;

/// <summary>
/// A DashScope API key and where it came from. <see cref="ToString"/> never shows the key, so a
/// key that slips into a message or a log line shows as <c>sk-***</c>.
/// </summary>
public sealed class ApiKey
{
    internal ApiKey(string value, string source)
    {
        Value = value;
        Source = source;
    }

    /// <summary>The secret; read only to build the Authorization header.</summary>
    internal string Value { get; }

    /// <summary>Where it was found, e.g. <c>$env:DASHSCOPE_API_KEY</c>; safe to show.</summary>
    public string Source { get; }

    public override string ToString() => "sk-***";
}
