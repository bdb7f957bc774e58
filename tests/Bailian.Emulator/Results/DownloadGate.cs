using Bailian.Emulator.Pipeline;

namespace Bailian.Emulator.Results;

/// <summary>
/// Applies queued download faults to requests under <c>/results</c>, in arrival order. Downloads have no latency
/// and no key check: on the service they come from OSS, not from the API.
/// </summary>
internal sealed class DownloadGate(EmulatorControl control)
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next) =>
        RequestKinds.Classify(context.Request.Path) == RequestKinds.Download && control.TryTakeDownloadFault(out var fault)
            ? fault!.ApplyAsync(context, next, OssErrors.WriteAsync)
            : next(context);
}
