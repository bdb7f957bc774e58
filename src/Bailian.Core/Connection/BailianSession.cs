namespace Bailian.Connection;

/// <summary>
/// Defaults set by Connect-Bailian for the rest of the PowerShell session; Disconnect-Bailian clears them.
/// An immutable value: the cmdlets keep one per runspace, so runspaces never see each other's.
/// </summary>
public sealed class BailianSession
{
    public BailianSession(string? apiKey, string? region, string? endpoint, string? workspace, string? model = null,
        ConnectionProtocol protocol = ConnectionProtocol.DashScope)
    {
        Protocol = protocol;
        Model = model;
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

    /// <summary>
    /// The API family of this session's endpoint and key (Connect-Bailian -Protocol). A command that names the other
    /// protocol uses neither: a gateway's key never goes to DashScope, nor a DashScope key to a gateway.
    /// </summary>
    public ConnectionProtocol Protocol { get; }

    /// <summary>
    /// The model New-BailianImage uses when neither -Model nor a row's model column names one (Connect-Bailian
    /// -ConfigFile sets it from config.json's MODEL); null for the module's default.
    /// </summary>
    public string? Model { get; }

    /// <summary>No Connect-Bailian yet (or after Disconnect-Bailian).</summary>
    public static BailianSession None { get; } = new(null, null, null, null);
}
