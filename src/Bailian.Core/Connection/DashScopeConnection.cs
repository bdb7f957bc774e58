namespace Bailian.Connection;

/// <summary>What a cmdlet was told about where to connect; any of it may be missing.</summary>
/// <param name="Protocol">-Protocol; null for the session's (DashScope without Connect-Bailian -Protocol).</param>
public sealed record ConnectionRequest(string? ApiKey = null, string? Region = null, string? Endpoint = null, string? Workspace = null,
    ConnectionProtocol? Protocol = null)
{
    // The generated ToString would print the key.
    public override string ToString() => $"ConnectionRequest {{ Protocol = {Protocol}, Region = {Region}, Endpoint = {Endpoint}, Workspace = {Workspace} }}";
}

/// <summary>A resolved endpoint and key, ready for requests.</summary>
public sealed class DashScopeConnection
{
    public DashScopeConnection(DashScopeEndpoint endpoint, ApiKey apiKey)
    {
        Endpoint = endpoint;
        ApiKey = apiKey;
    }

    public DashScopeEndpoint Endpoint { get; }
    public ApiKey ApiKey { get; }

    /// <summary>Combines the cmdlet's parameters, the Connect-Bailian session and the environment.</summary>
    /// <remarks>
    /// The session's endpoint and key count only for its own protocol. A gateway's key is -ApiKey or Connect-Bailian
    /// -Protocol OpenAI's, never $env:DASHSCOPE_API_KEY or a key file: those are DashScope keys, not to be sent to a third party.
    /// </remarks>
    public static DashScopeConnection Resolve(ConnectionRequest request, BailianSession session,
        Func<string, string?> environment, ApiKeyResolver keys)
    {
        var endpoint = ResolveEndpoint(request, session, environment);
        var sessionKey = session.Protocol == endpoint.Protocol ? session.ApiKey : null;
        return new DashScopeConnection(endpoint, endpoint.Protocol == ConnectionProtocol.OpenAI
            ? GatewayKeys.Resolve(request.ApiKey, sessionKey, endpoint)
            : keys.Resolve(request.ApiKey, sessionKey));
    }

    /// <summary>
    /// Where requests would go, found without a key: -WhatIf and the checks made before anything is sent
    /// report an unknown region, a missing workspace or an insecure endpoint as the real run would.
    /// </summary>
    /// <exception cref="BailianConfigurationException">The region is unknown, the workspace missing, or the endpoint not usable.</exception>
    public static DashScopeEndpoint ResolveEndpoint(ConnectionRequest request, BailianSession session, Func<string, string?>? environment = null)
    {
        var protocol = request.Protocol ?? session.Protocol;
        if (protocol == ConnectionProtocol.OpenAI)
        {
            return GatewayKeys.SelectEndpoint(request, session);
        }

        // A gateway session's endpoint is no DashScope endpoint: -Protocol DashScope starts from DashScope's defaults.
        var own = session.Protocol == ConnectionProtocol.DashScope;
        return DashScopeEndpoint.Select(request.Endpoint, request.Region, own ? session.Endpoint : null, own ? session.Region : null,
            (environment ?? Environment.GetEnvironmentVariable)("DASHSCOPE_HTTP_BASE_URL"), request.Workspace ?? (own ? session.Workspace : null));
    }

    /// <summary>The same, with the process environment and the user's home directory.</summary>
    public static DashScopeConnection Resolve(ConnectionRequest request, BailianSession session) =>
        Resolve(request, session, Environment.GetEnvironmentVariable, ApiKeyResolver.ForCurrentUser());
}
