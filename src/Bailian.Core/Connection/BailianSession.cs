namespace Bailian.Connection;

/// <summary>
/// Defaults set by Connect-Bailian for the rest of the PowerShell session. One per process, like
/// the module itself; Disconnect-Bailian clears it.
/// </summary>
public sealed class BailianSession
{
    private static readonly object Gate = new();
    private static BailianSession _current = new(null, null, null, null);

    public BailianSession(string? apiKey, string? region, string? endpoint, string? workspace)
    {
        ApiKey = apiKey;
        Region = region;
        Endpoint = endpoint;
        Workspace = workspace;
    }

    internal string? ApiKey { get; }
    public bool HasApiKey => !string.IsNullOrEmpty(ApiKey);
    public string? Region { get; }
    public string? Endpoint { get; }
    public string? Workspace { get; }

    public static BailianSession Current
    {
        get
        {
            lock (Gate)
            {
                return _current;
            }
        }
    }

    public static void Set(BailianSession session)
    {
        lock (Gate)
        {
            _current = session;
        }
    }

    public static void Clear() => Set(new BailianSession(null, null, null, null));
}
