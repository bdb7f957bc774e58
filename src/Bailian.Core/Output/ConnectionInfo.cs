using Bailian.Connection;

namespace Bailian;

/// <summary>
/// Where Bailian's calls go and which key they carry, as Connect-Bailian and Get-BailianConnection show it. Safe to
/// show, log and export: the key appears only masked.
/// </summary>
public sealed class ConnectionInfo
{
    /// <summary>What <see cref="ApiKeySource"/> says when no key was found.</summary>
    public const string NoKey = "none found";

    private ConnectionInfo(DashScopeEndpoint endpoint, ApiKey? key, string? model)
    {
        DefaultModel = model ?? Generation.TextToImageRequest.DefaultModel;
        Protocol = endpoint.Protocol;
        Region = endpoint.Region?.Id;
        RegionName = endpoint.Region?.DisplayName;
        Endpoint = endpoint.BaseUrl.ToString();
        Workspace = endpoint.Workspace;
        ApiKey = key is null ? null : KeyMask.Show(key.Value);
        ApiKeySource = key?.Source ?? NoKey;
    }

    /// <summary>DashScope's own API, or an OpenAI-style gateway (Connect-Bailian -Protocol OpenAI).</summary>
    public ConnectionProtocol Protocol { get; }
    /// <summary>The region id (cn-beijing, ...); null for an endpoint of no known region, and for a gateway.</summary>
    public string? Region { get; }
    public string? RegionName { get; }
    /// <summary>The base URL calls are sent to.</summary>
    public string Endpoint { get; }
    public string? Workspace { get; }
    /// <summary>The key, masked (sk-…abcd); null when none was found.</summary>
    public string? ApiKey { get; }
    /// <summary>Where the key was found: -ApiKey, Connect-Bailian, $env:DASHSCOPE_API_KEY, a key file; or "none found".</summary>
    public string ApiKeySource { get; }
    /// <summary>The model New-BailianImage uses without -Model: Connect-Bailian -ConfigFile's, else qwen-image-plus.</summary>
    public string DefaultModel { get; }

    /// <summary>The connection a call without connection parameters would use now, in this session.</summary>
    /// <exception cref="BailianConfigurationException">The region is unknown, the workspace missing, or the endpoint not usable.</exception>
    public static ConnectionInfo Describe(BailianSession session, Func<string, string?> environment, ApiKeyResolver keys)
    {
        var endpoint = DashScopeConnection.ResolveEndpoint(new ConnectionRequest(), session, environment);
        // A gateway's key is only the one given for it (GatewayKeys): never one of DashScope's places.
        var key = session.Protocol == ConnectionProtocol.OpenAI
            ? session.HasApiKey ? GatewayKeys.Resolve(null, session.ApiKey, endpoint) : null
            : keys.TryResolve(null, session.ApiKey);
        return new ConnectionInfo(endpoint, key, session.Model);
    }

    /// <inheritdoc cref="Describe(BailianSession, Func{string, string?}, ApiKeyResolver)"/>
    public static ConnectionInfo Describe(BailianSession session) =>
        Describe(session, Environment.GetEnvironmentVariable, ApiKeyResolver.ForCurrentUser());

    public override string ToString() => $"{Endpoint} (key {ApiKey ?? NoKey})";
}
