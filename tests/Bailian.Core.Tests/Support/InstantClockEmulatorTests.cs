using System;
using System.Threading.Tasks;
using Bailian.Connection;
using Bailian.Emulator;
using Bailian.Http;

namespace Bailian.Tests.Support;

/// <summary>
/// A test class's own emulator on an instant clock shared with the client: each client delay is recorded
/// and moves the emulator's tasks along, so task-only models are waited on without sleeping.
/// </summary>
public abstract class InstantClockEmulatorTests : IAsyncLifetime, IDisposable
{
    protected InstantTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    protected DashScopeTransport Transport { get; } = new();
    protected RecordingLog Log { get; } = new();
    protected EmulatorServer Emulator { get; private set; } = null!;

    /// <summary>Backoff on the shared clock, without jitter, so delays can be asserted exactly.</summary>
    protected TransportOptions Options => new() { TimeProvider = Clock, UseJitter = false };

    public virtual async Task InitializeAsync() => Emulator = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = Clock });

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Transport.Dispose();
        }
    }

    protected DashScopeConnection Connect(string region = "cn-beijing") => Emulator.Connect(region);
}
