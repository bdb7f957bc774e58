namespace Bailian.Connection;

/// <summary>
/// Where an OpenAI-style gateway connection (<see cref="ConnectionProtocol.OpenAI"/>) goes and which key it carries.
/// A gateway is a third party: it gets only what was given for it, never DashScope's region defaults,
/// $env:DASHSCOPE_HTTP_BASE_URL, $env:DASHSCOPE_API_KEY or the DashScope key files.
/// </summary>
internal static class GatewayKeys
{
    /// <summary>-Endpoint, else the endpoint of a Connect-Bailian -Protocol OpenAI session.</summary>
    /// <exception cref="BailianConfigurationException">
    /// Bailian.NotOnGateway for -Region or -Workspace, Bailian.GatewayEndpointRequired without an endpoint, or the URL's own errors.
    /// </exception>
    public static DashScopeEndpoint SelectEndpoint(ConnectionRequest request, BailianSession session)
    {
        if (!string.IsNullOrWhiteSpace(request.Region) || !string.IsNullOrWhiteSpace(request.Workspace))
        {
            throw new BailianConfigurationException(ErrorIds.NotOnGateway,
                $"{(string.IsNullOrWhiteSpace(request.Region) ? "-Workspace" : "-Region")} is part of DashScope's API; an OpenAI-style gateway (-Protocol OpenAI) " +
                "has only its base URL (-Endpoint). Drop it, or add -Protocol DashScope to call DashScope.");
        }

        if (!string.IsNullOrWhiteSpace(request.Endpoint))
        {
            return DashScopeEndpoint.Gateway(request.Endpoint!, "-Endpoint");
        }

        if (session.Protocol == ConnectionProtocol.OpenAI && !string.IsNullOrWhiteSpace(session.Endpoint))
        {
            return DashScopeEndpoint.Gateway(session.Endpoint!, "Connect-Bailian -Endpoint");
        }

        throw new BailianConfigurationException(ErrorIds.GatewayEndpointRequired,
            "-Protocol OpenAI needs -Endpoint, the gateway's base URL (such as https://gateway.example.com/v1, to which /images/generations is added); " +
            "a gateway has no default address. Give -Endpoint, or run Connect-Bailian -Protocol OpenAI -Endpoint <url> -ApiKey <key> once.");
    }

    /// <summary>-ApiKey, else the key of a Connect-Bailian -Protocol OpenAI session (<paramref name="sessionKey"/>, null for another protocol's).</summary>
    /// <exception cref="BailianConfigurationException">Bailian.NoApiKey.</exception>
    public static ApiKey Resolve(string? parameterKey, string? sessionKey, DashScopeEndpoint endpoint)
    {
        if (!string.IsNullOrWhiteSpace(parameterKey))
        {
            return new ApiKey(parameterKey!.Trim(), "-ApiKey");
        }

        if (!string.IsNullOrWhiteSpace(sessionKey))
        {
            return new ApiKey(sessionKey!.Trim(), "Connect-Bailian");
        }

        throw new BailianConfigurationException(ErrorIds.NoApiKey,
            $"No key for the gateway {endpoint.BaseUrl}: give -ApiKey, or run Connect-Bailian -Protocol OpenAI -Endpoint <url> -ApiKey <key>. " +
            "$env:DASHSCOPE_API_KEY and the DashScope key files are never sent to a gateway.");
    }
}
