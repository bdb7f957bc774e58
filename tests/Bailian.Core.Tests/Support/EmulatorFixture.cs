using System;
using System.Linq;
using System.Threading.Tasks;
using Bailian.Connection;
using Bailian.Emulator;

namespace Bailian.Tests.Support;

/// <summary>One in-process emulator on 127.0.0.1 per test class; tests reset its knobs first.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    public FixedTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync() =>
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = Clock });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Clears the request log, faults and latency so each test starts clean.</summary>
    public void Reset()
    {
        Server.Control.ClearRequests();
        Server.Control.Latency = TimeSpan.Zero;
        Clock.Now = DateTimeOffset.UtcNow;
    }

    /// <summary>A connection to the emulator's <paramref name="regionId"/> with that region's key (or another).</summary>
    public DashScopeConnection Connect(string regionId = "cn-beijing", string? keyRegionId = null) => Server.Connect(regionId, keyRegionId);

    public int ApiRequestCount => Server.Control.Requests.Count(r => r.Kind == "api");
}
