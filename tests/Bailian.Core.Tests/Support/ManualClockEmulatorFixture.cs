using System;
using Bailian.Connection;
using Bailian.Emulator;

namespace Bailian.Tests.Support;

/// <summary>
/// The class's in-process emulator (<see cref="EmulatorFixture"/>) on a clock the test sets, for result-URL
/// expiry; <see cref="Reset"/> also puts the clock back to now.
/// </summary>
public sealed class ManualClockEmulatorFixture : EmulatorFixture
{
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override EmulatorOptions Options => new() { TimeProvider = Clock };

    /// <summary>Clears the request log, faults and latency, and sets the clock to now, so each test starts clean.</summary>
    public override void Reset()
    {
        base.Reset();
        Clock.Now = DateTimeOffset.UtcNow;
    }

    /// <summary>A connection to the emulator's <paramref name="regionId"/> with that region's key (or another).</summary>
    public DashScopeConnection Connect(string regionId = "cn-beijing", string? keyRegionId = null) => Server.Connect(regionId, keyRegionId);
}
