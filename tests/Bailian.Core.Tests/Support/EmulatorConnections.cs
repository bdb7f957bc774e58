using Bailian.Connection;
using Bailian.Emulator;

namespace Bailian.Tests.Support;

public static class EmulatorConnections
{
    /// <summary>A connection to the emulator's <paramref name="regionId"/>, with that region's key or another region's.</summary>
    public static DashScopeConnection Connect(this EmulatorServer server, string regionId = "cn-beijing", string? keyRegionId = null)
    {
        var endpoint = DashScopeEndpoint.Select(server.ApiBase(regionId).ToString(), null, null, null, null, null);
        var key = EmulatorServer.ApiKeys[keyRegionId ?? regionId];
        return new DashScopeConnection(endpoint, new ApiKeyResolver(_ => null, "/nonexistent").Resolve(key, null));
    }
}

public static class GatewayConnections
{
    /// <summary>A connection to the emulator's OpenAI-style gateway (/gateway/v1), resolved as -Protocol OpenAI -Endpoint -ApiKey are.</summary>
    public static DashScopeConnection Gateway(this EmulatorServer server, string? key = null) =>
        DashScopeConnection.Resolve(
            new ConnectionRequest(key ?? EmulatorServer.GatewayApiKey, Endpoint: server.GatewayBase.ToString(), Protocol: ConnectionProtocol.OpenAI),
            BailianSession.None, _ => null, new ApiKeyResolver(_ => null, "/nonexistent"));
}
