using System;
using System.Threading.Tasks;
using Bailian.Work;
using Polly;
using Polly.Retry;

namespace Bailian.Http;

/// <summary>
/// The one retry policy: jittered exponential backoff, the server's Retry-After when it sends one,
/// and only for errors marked transient. Billable calls never become transient once their body may
/// have left (the transport raises OutcomeUnknownException instead), so a retry cannot bill twice.
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
