namespace Bailian.Http;

/// <summary>Timeout and retry settings for one call (-TimeoutSec, -MaxRetryCount).</summary>
public sealed class TransportOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    /// <summary>How long one attempt may take; the official SDKs use 300 s for image calls.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Retries after the first attempt, for failures that are safe and worth retrying.</summary>
    public int MaxRetryCount { get; init; } = 3;

    /// <summary>First backoff step; later ones double, with jitter. Retry-After wins when sent.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Randomises backoff so many clients throttled together do not retry in step.</summary>
    public bool UseJitter { get; init; } = true;

    /// <summary>The clock for backoff waits; tests swap it to avoid real sleeps. Timeouts use real time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The same settings without retries, for callers that retry in their own loop.</summary>
    public TransportOptions WithoutRetries() => new()
    {
        Timeout = Timeout, MaxRetryCount = 0, BaseDelay = BaseDelay, MaxDelay = MaxDelay, UseJitter = UseJitter, TimeProvider = TimeProvider,
    };
}
