using System.Collections.Generic;
using Bailian.Connection;

namespace Bailian.Tests.Gateway;

/// <summary>How -Protocol OpenAI resolves its endpoint and key: only what was given for the gateway, nothing of DashScope's.</summary>
public sealed class GatewayConnectionTests
{
    private const string GatewayKey = "sk-gateway-0123456789abcdef";
    private const string DashScopeKey = "sk-dashscope-0123456789abcdef";
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["DASHSCOPE_API_KEY"] = DashScopeKey, ["DASHSCOPE_HTTP_BASE_URL"] = "https://dashscope.aliyuncs.com/api/v1",
    };

    private static DashScopeConnection Resolve(ConnectionRequest request, BailianSession? session = null) =>
        DashScopeConnection.Resolve(request, session ?? BailianSession.None, name => Environment.GetValueOrDefault(name),
            new ApiKeyResolver(name => Environment.GetValueOrDefault(name), "/nonexistent"));

    [Fact]
    public void The_endpoint_is_the_gateways_base_as_given_and_the_key_only_the_one_given()
    {
        var connection = Resolve(new ConnectionRequest(GatewayKey, Endpoint: "https://gateway.example.com/v1/", Protocol: ConnectionProtocol.OpenAI));

        Assert.Equal((ConnectionProtocol.OpenAI, "https://gateway.example.com/v1", null, null),
            (connection.Endpoint.Protocol, connection.Endpoint.BaseUrl.ToString(), connection.Endpoint.Region, connection.Endpoint.Workspace));
        Assert.Equal("https://gateway.example.com/v1/images/generations", connection.Endpoint.Resolve("images/generations").ToString());
        Assert.Equal("-ApiKey", connection.ApiKey.Source);
    }

    [Fact]
    public void Without_an_endpoint_it_is_GatewayEndpointRequired_never_a_DashScope_region()
    {
        var error = Assert.Throws<BailianConfigurationException>(() => Resolve(new ConnectionRequest(GatewayKey, Protocol: ConnectionProtocol.OpenAI)));

        Assert.Equal(ErrorIds.GatewayEndpointRequired, error.ErrorId);
    }

    [Fact]
    public void DashScopes_key_from_the_environment_or_a_DashScope_session_is_never_sent_to_a_gateway()
    {
        var session = new BailianSession(DashScopeKey, "cn-beijing", null, null);

        var error = Assert.Throws<BailianConfigurationException>(() =>
            Resolve(new ConnectionRequest(Endpoint: "https://gateway.example.com/v1", Protocol: ConnectionProtocol.OpenAI), session));

        Assert.Equal(ErrorIds.NoApiKey, error.ErrorId);
        Assert.DoesNotContain(DashScopeKey, error.Message);
    }

    [Fact]
    public void A_gateway_session_gives_its_endpoint_and_key_and_neither_goes_to_DashScope()
    {
        var session = new BailianSession(GatewayKey, null, "https://gateway.example.com/v1", null, protocol: ConnectionProtocol.OpenAI);

        var gateway = Resolve(new ConnectionRequest(), session);
        var dashScope = Resolve(new ConnectionRequest(Protocol: ConnectionProtocol.DashScope), session);

        Assert.Equal(("https://gateway.example.com/v1", "Connect-Bailian"), (gateway.Endpoint.BaseUrl.ToString(), gateway.ApiKey.Source));
        Assert.Equal((ConnectionProtocol.DashScope, "https://dashscope.aliyuncs.com/api/v1", "$env:DASHSCOPE_API_KEY"),
            (dashScope.Endpoint.Protocol, dashScope.Endpoint.BaseUrl.ToString(), dashScope.ApiKey.Source));
    }

    [Theory]
    [InlineData("-Region", "cn-beijing", null)]
    [InlineData("-Workspace", null, "ws-1")]
    public void Region_and_workspace_are_DashScopes_and_refused_for_a_gateway(string named, string? region, string? workspace)
    {
        var error = Assert.Throws<BailianConfigurationException>(() => Resolve(new ConnectionRequest(GatewayKey, region, "https://gateway.example.com/v1", workspace,
            ConnectionProtocol.OpenAI)));

        Assert.Equal(ErrorIds.NotOnGateway, error.ErrorId);
        Assert.StartsWith(named, error.Message);
    }

    [Theory]
    [InlineData("http://gateway.example.com/v1", ErrorIds.InsecureEndpoint)]
    [InlineData("gateway.example.com/v1", ErrorIds.InvalidEndpoint)]
    public void Plain_http_is_for_loopback_only_as_for_DashScope(string endpoint, string id)
    {
        var error = Assert.Throws<BailianConfigurationException>(() => Resolve(new ConnectionRequest(GatewayKey, Endpoint: endpoint, Protocol: ConnectionProtocol.OpenAI)));

        Assert.Equal(id, error.ErrorId);
        Assert.Contains("gateway", error.Message);
    }

    [Fact]
    public void Get_BailianConnection_shows_the_protocol_and_the_gateways_key_masked()
    {
        var info = ConnectionInfo.Describe(new BailianSession(GatewayKey, null, "http://127.0.0.1:9/gateway/v1", null, protocol: ConnectionProtocol.OpenAI),
            name => Environment.GetValueOrDefault(name), new ApiKeyResolver(name => Environment.GetValueOrDefault(name), "/nonexistent"));

        Assert.Equal((ConnectionProtocol.OpenAI, "http://127.0.0.1:9/gateway/v1", "sk-\u2026cdef", "Connect-Bailian"),
            (info.Protocol, info.Endpoint, info.ApiKey, info.ApiKeySource));
    }
}
