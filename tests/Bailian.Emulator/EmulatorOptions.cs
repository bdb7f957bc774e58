namespace Bailian.Emulator;

/// <summary>How an <see cref="EmulatorServer"/> is started.</summary>
public sealed class EmulatorOptions
{
    /// <summary>
    /// The clock for result-URL expiry, recorded timestamps, async task progress and the task-query rate limit;
    /// tests pass a fake one to expire URLs and move tasks without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long a result URL stays valid; the real service signs them for 24 hours.</summary>
    public TimeSpan ResultUrlLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>One <c>http://</c> URL on a loopback address, e.g. <c>http://127.0.0.1:8765</c>; null means 127.0.0.1 on a free port.</summary>
    public string? Urls { get; set; }
}
