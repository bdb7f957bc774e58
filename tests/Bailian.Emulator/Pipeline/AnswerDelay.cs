namespace Bailian.Emulator.Pipeline;

/// <summary>
/// Holds an answer back in real time (the latency knob, the delay fault). Neither a test clock nor any lock is
/// involved: hundreds of requests can wait at once, each on its own timer.
/// </summary>
internal static class AnswerDelay
{
    /// <summary>
    /// True once <paramref name="delay"/> has passed; false when the request should not be answered any more: the
    /// client left, or the server is stopping. The caller then cuts the connection, so that disposing the emulator
    /// never waits out a long delay.
    /// </summary>
    public static async Task<bool> WaitAsync(HttpContext context, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(delay, cancel.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Ends a request whose answer will never come: logged as dropped first, so a client that sees the cut finds the log already saying so.</summary>
    public static void Drop(HttpContext context)
    {
        context.Features.Get<RequestLogEntry>()?.MarkDropped();
        context.Abort();
    }
}
