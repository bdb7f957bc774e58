using System;

namespace Bailian.Connection;

/// <summary>What a cmdlet was told about where to connect; any of it may be missing.</summary>
public sealed record ConnectionRequest(string? ApiKey = null, string? Region = null, string? Endpoint = null, string? Workspace = null)
{
    // The generated ToString would print the key.
    public override string ToString() => $"ConnectionRequest {{ Region = {Region}, Endpoint = {Endpoint}, Workspace = {Workspace} }}";
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
    public static DashScopeConnection Resolve(ConnectionRequest request, BailianSession session,
        Func<string, string?> environment, ApiKeyResolver keys)
    {
        var endpoint = ResolveEndpoint(request, session, environment);
        return new DashScopeConnection(endpoint, keys.Resolve(request.ApiKey, session.ApiKey));
    }

    /// <summary>
    /// Where requests would go, found without a key: -WhatIf and the checks made before anything is sent
    /// report an unknown region, a missing workspace or an insecure endpoint as the real run would.
    /// </summary>
    /// <exception cref="BailianConfigurationException">The region is unknown, the workspace missing, or the endpoint not usable.</exception>
    public static DashScopeEndpoint ResolveEndpoint(ConnectionRequest request, BailianSession session, Func<string, string?>? environment = null) =>
        DashScopeEndpoint.Select(request.Endpoint, request.Region, session.Endpoint, session.Region,
            (environment ?? Environment.GetEnvironmentVariable)("DASHSCOPE_HTTP_BASE_URL"), request.Workspace ?? session.Workspace);

    /// <summary>The same, with the process environment and the user's home directory.</summary>
    public static DashScopeConnection Resolve(ConnectionRequest request, BailianSession session) =>
        Resolve(request, session, Environment.GetEnvironmentVariable, ApiKeyResolver.ForCurrentUser());
}
