using Bailian.Emulator.Api;

namespace Bailian.Emulator.Pipeline;

/// <summary>
/// The outermost middleware: an exception from the emulator's own code is logged under the emulator's category
/// and answered as the service's 500. Kestrel's own "unhandled exception" log is silenced (see
/// <see cref="EmulatorServer"/>), because a mid-stream drop triggers it on purpose; this keeps real bugs visible.
/// </summary>
internal sealed class ErrorBoundary(ILogger logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(ex, "The emulator failed answering {Method} {Path}.", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "InternalError", ex.Message).ConfigureAwait(false);
        }
    }
}
