using Bailian.Work;
using Polly;
using Polly.Retry;

namespace Bailian.Http;

/// <summary>
/// Retry loop 1 of 4 (the map is in ARCHITECTURE.md): the per-call retry of a single command's call.
/// It wraps one transport call (DashScopeTransport.SendAsync), one download (ImageDownloader) or one
/// upload (TemporaryStorage): jittered exponential backoff capped at MaxDelay, the server's Retry-After
/// when it sends one, and only for errors marked transient. Billable calls never become transient once
/// their body may have left (the transport raises OutcomeUnknownException instead), so a retry cannot
/// bill twice.
/// It is not the only retry loop: callers that must coordinate many calls turn it off
/// (TransportOptions.WithoutRetries) and retry in their own loop — BatchEngine.ProcessAsync (a 429 waits
/// on the model's shared ModelGate backoff instead of each call backing off alone) and TaskWaiter.PollAsync
/// (every query retry waits its turn at the shared QueryPacer).
/// </summary>
internal static class RetryPipeline
{
    public static ResiliencePipeline Create(TransportOptions options, IBailianLog log, string label)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider };
        if (options.MaxRetryCount <= 0)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryCount,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = options.UseJitter,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = new PredicateBuilder().Handle<BailianException>(e => e.IsTransient),
            DelayGenerator = args => new ValueTask<TimeSpan?>(
                args.Outcome.Exception is BailianException { RetryAfter: { } retryAfter }
                    ? (retryAfter < options.MaxDelay ? retryAfter : options.MaxDelay)
                    : null),
            OnRetry = args =>
            {
                log.Verbose($"{label}: {Summarize(args.Outcome.Exception)}; " +
                            $"retry {args.AttemptNumber + 1} of {options.MaxRetryCount} in {args.RetryDelay.TotalSeconds:0.##} s.");
                return default;
            },
        }).Build();
    }

    private static string Summarize(Exception? e) => e switch
    {
        DashScopeException d => $"{(int)d.StatusCode} {d.Code}",
        null => "failed",
        _ => e.Message,
    };
}
