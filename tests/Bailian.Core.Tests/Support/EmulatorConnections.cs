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
