using System.Globalization;
using Bailian.Emulator.Api;
using Bailian.Emulator.Pipeline;

namespace Bailian.Emulator;

/// <summary>
/// A failure the emulator answers instead of, in the middle of, or long after a normal response, so that a
/// client's retry, timeout and partial-download handling can be tested. Queue it on <see cref="EmulatorControl"/>.
/// </summary>
public abstract record EmulatorFault
{
    /// <summary>Runs the endpoint with its answer written to memory, so a fault can decide what the client gets.</summary>
    private protected static async Task<MemoryStream> CaptureAnswerAsync(HttpContext context, RequestDelegate next)
    {
        var wire = context.Response.Body;
        var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
            return buffer;
        }
        catch
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            context.Response.Body = wire;
        }
    }

    // Only the factories below create faults: the internal ApplyAsync keeps other assemblies from deriving.
    private protected EmulatorFault()
    {
    }

    /// <summary>Answers <paramref name="httpStatus"/> with the service's error body (JSON envelope for the API, OSS XML for downloads).</summary>
    /// <param name="httpStatus">400–599.</param>
    /// <param name="code">The error code, e.g. <c>Throttling.RateQuota</c>.</param>
    /// <param name="message">The error message.</param>
    /// <param name="retryAfter">When given, sent as a <c>Retry-After</c> header in whole seconds (rounded up).</param>
    public static EmulatorFault Status(int httpStatus, string code, string message, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(httpStatus, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(httpStatus, 599);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentNullException.ThrowIfNull(message);
        if (retryAfter is { } delay)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(retryAfter));
        }

        return new StatusFault(httpStatus, code, message, retryAfter);
    }

    /// <summary>429 <c>Throttling.RateQuota</c>, the service's answer to too many requests per second.</summary>
    public static EmulatorFault TooManyRequests(TimeSpan? retryAfter = null) =>
        Status(429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.", retryAfter);

    /// <summary>500 <c>InternalError</c> with the service's own wording (its typo included).</summary>
    public static EmulatorFault InternalError() =>
        Status(500, "InternalError", "An internal error has occured, please try again later or contact service support.");

    /// <summary>503 <c>ModelUnavailable</c>, a model temporarily out of capacity.</summary>
    public static EmulatorFault ServiceUnavailable() =>
        Status(503, "ModelUnavailable", "Model is unavailable, please try again later.");

    /// <summary>Reads the whole request body, then aborts the connection without sending anything.</summary>
    public static EmulatorFault DropConnection() => new DropConnectionFault();

    /// <summary>
    /// Produces the normal response, sends its headers (full Content-Length) and the first
    /// <paramref name="afterBytes"/> bytes of its body, then aborts the connection. At most all bytes but the
    /// last are sent, so the body is always cut short.
    /// </summary>
    public static EmulatorFault DropMidStream(long afterBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterBytes);
        return new DropMidStreamFault(afterBytes);
    }

    /// <summary>
    /// Processes the request normally (checked, generated, logged with its real status) but writes the answer only
    /// after <paramref name="delay"/> in real time, on top of any latency; a client that gives up meanwhile gets
    /// nothing. So a client can time out on a call the service did accept: a created task stays created, a sync
    /// call keeps its concurrency slot until the answer is written.
    /// </summary>
    /// <param name="delay">From zero to about 49 days (what a timer allows).</param>
    public static EmulatorFault Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delay, DelayFault.Longest);
        return new DelayFault(delay);
    }

    /// <summary>Answers <paramref name="context"/> with this fault; <paramref name="next"/> produces the normal response.</summary>
    internal abstract Task ApplyAsync(HttpContext context, RequestDelegate next, FaultErrorWriter writeError);
}

/// <summary>Writes an error body in the style of whatever the request addressed (API JSON or OSS XML).</summary>
internal delegate Task FaultErrorWriter(HttpContext context, int status, string code, string message);

internal sealed record StatusFault(int HttpStatus, string Code, string Message, TimeSpan? RetryAfter) : EmulatorFault
{
    internal override Task ApplyAsync(HttpContext context, RequestDelegate next, FaultErrorWriter writeError)
    {
        if (RetryAfter is { } delay)
        {
            var seconds = (long)Math.Ceiling(delay.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return writeError(context, HttpStatus, Code, Message);
    }
}

internal sealed record DropConnectionFault : EmulatorFault
{
    internal override async Task ApplyAsync(HttpContext context, RequestDelegate next, FaultErrorWriter writeError)
    {
        // The client must have sent everything, so the failure is "request delivered, answer lost"; lost when the
        // answer would have come, i.e. after a create call's latency.
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
        if (await OwedLatency.ServeAsync(context).ConfigureAwait(false))
        {
            AnswerDelay.Drop(context);
        }
    }
}

internal sealed record DropMidStreamFault(long AfterBytes) : EmulatorFault
{
    internal override async Task ApplyAsync(HttpContext context, RequestDelegate next, FaultErrorWriter writeError)
    {
        var response = context.Response;
        var wire = response.Body;
        using var buffer = await CaptureAnswerAsync(context, next).ConfigureAwait(false);

        // The client left during a create call's latency: the call is over already.
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        // Mark before anything reaches the client: by the time it sees the cut, the log must say "dropped".
        context.Features.Get<RequestLogEntry>()?.MarkDropped();
        var length = buffer.Length;
        var sent = (int)Math.Min(AfterBytes, Math.Max(0, length - 1));
        response.ContentLength = length;
        response.Headers.Connection = "close";
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await wire.WriteAsync(buffer.GetBuffer().AsMemory(0, sent), context.RequestAborted).ConfigureAwait(false);
        await wire.FlushAsync(context.RequestAborted).ConfigureAwait(false);

        // Returning short of Content-Length on a "Connection: close" response makes Kestrel end the connection
        // gracefully, after the bytes above: the client reads them, then hits a premature end. An abort would
        // reset the connection instead, and a reset makes the client's TCP stack discard bytes not yet read.
    }
}

/// <summary>See <see cref="EmulatorFault.Delay"/>: the normal answer, held back.</summary>
internal sealed record DelayFault(TimeSpan Duration) : EmulatorFault
{
    /// <summary>The longest wait a timer takes (<see cref="Task.Delay(TimeSpan)"/>'s own limit).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    internal override async Task ApplyAsync(HttpContext context, RequestDelegate next, FaultErrorWriter writeError)
    {
        var response = context.Response;
        var wire = response.Body;
        using var buffer = await CaptureAnswerAsync(context, next).ConfigureAwait(false);

        // The endpoint gave up already (the client left during the latency, or it dropped the call itself).
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        // The service did answer; only the client never hears it. Logged now, so a test that timed out can see it.
        context.Features.Get<RequestLogEntry>()?.Answered(response.StatusCode);
        if (!await AnswerDelay.WaitAsync(context, Duration).ConfigureAwait(false))
        {
            context.Abort();
            return;
        }

        response.ContentLength = buffer.Length;
        await wire.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
