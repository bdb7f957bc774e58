using Bailian.Emulator.Pipeline;

namespace Bailian.Emulator.Api;

/// <summary>
/// The latency knob's delay for a create call, owed from its arrival and served once, just before its answer is
/// written (<see cref="JsonResponses"/> does that). The delay stands for the generation itself, so it falls inside
/// the call's concurrency slot; a call refused by a limit has it waived and is answered at once, as the service's
/// throttling is. An HttpContext feature, set by <see cref="ApiGate"/>.
/// </summary>
internal sealed class OwedLatency(TimeSpan latency)
{
    private long _ticks = latency.Ticks;

    /// <summary>Waits out what <paramref name="context"/> still owes; false (and the request dropped) when the client left or the server stops meanwhile.</summary>
    public static Task<bool> ServeAsync(HttpContext context) =>
        context.Features.Get<OwedLatency>() is { } owed ? owed.ServeOnceAsync(context) : Task.FromResult(true);

    /// <summary>Forgets the delay: the answer goes out at once.</summary>
    public static void Waive(HttpContext context) => context.Features.Get<OwedLatency>()?.Take();

    private TimeSpan Take() => TimeSpan.FromTicks(Interlocked.Exchange(ref _ticks, 0));

    private async Task<bool> ServeOnceAsync(HttpContext context)
    {
        if (await AnswerDelay.WaitAsync(context, Take()).ConfigureAwait(false))
        {
            return true;
        }

        AnswerDelay.Drop(context);
        return false;
    }
}
