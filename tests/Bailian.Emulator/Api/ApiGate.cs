using Bailian.Emulator.Generation;
using Bailian.Emulator.Pipeline;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Api;

/// <summary>
/// Everything every API call goes through before its endpoint: the region prefix, a fresh request id, the queued
/// fault, the latency knob and the key check. Paths outside <c>[/{region}]/api/v1</c> pass untouched.
/// </summary>
internal sealed class ApiGate(EmulatorControl control)
{
    public const string RequestIdHeader = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!ApiPath.TryParse(context.Request.Path, out var path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var requestId = ApiErrors.NewRequestId();
        context.Response.Headers[RequestIdHeader] = requestId;
        if (path.Region is null)
        {
            await ApiErrors.WriteAsync(context, ApiError.UnknownRegion(path.RegionId)).ConfigureAwait(false);
            return;
        }

        context.Features.Set(new ApiCallContext(path.Region, requestId));
        // Endpoints are mapped once under /api/v1; the region travels in ApiCallContext.
        context.Request.PathBase = context.Request.PathBase.Add(path.Prefix);
        context.Request.Path = path.Rest;

        // Taken on arrival, before the latency, so queued faults bind to requests in arrival order.
        control.TryTakeApiFault(out var fault);
        if (CreateCalls.Is(context.Request.Method, path.Rest))
        {
            // Served just before the answer, after admission: see OwedLatency.
            context.Features.Set(new OwedLatency(control.Latency));
        }
        else if (!await AnswerDelay.WaitAsync(context, control.Latency).ConfigureAwait(false))
        {
            AnswerDelay.Drop(context);
            return;
        }

        if (fault is null)
        {
            await AuthorizeAsync(context, next).ConfigureAwait(false);
        }
        else
        {
            await fault.ApplyAsync(context, ctx => AuthorizeAsync(ctx, next), ApiErrors.WriteAsync).ConfigureAwait(false);
        }
    }

    private static Task AuthorizeAsync(HttpContext context, RequestDelegate next)
    {
        var call = context.Features.GetRequiredFeature<ApiCallContext>();
        var error = ApiAuth.Check(context.Request.Headers.Authorization.ToString(), call.Region);
        return error is null ? next(context) : ApiErrors.WriteAsync(context, error);
    }
}
