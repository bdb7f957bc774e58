using Bailian.Emulator.Api;
using Bailian.Emulator.Pipeline;

namespace Bailian.Emulator.Gateway;

/// <summary>
/// What every gateway call goes through before its endpoint, as <see cref="ApiGate"/> does for DashScope's paths: a
/// request id, the next queued API fault (the same queue, in arrival order), the latency knob and the key check,
/// with errors in the gateway's shape. Paths outside <c>/gateway/v1</c> pass untouched.
/// </summary>
internal sealed class GatewayGate(EmulatorControl control, GatewayErrors errors)
{
    private const string Scheme = "Bearer";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!GatewayRoutes.Contains(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.Headers[ApiGate.RequestIdHeader] = ApiErrors.NewRequestId();
        control.TryTakeApiFault(out var fault);
        if (GatewayRoutes.IsCreateCall(context.Request))
        {
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
            await fault.ApplyAsync(context, ctx => AuthorizeAsync(ctx, next), errors.WriteFaultAsync).ConfigureAwait(false);
        }
    }

    private Task AuthorizeAsync(HttpContext context, RequestDelegate next) =>
        Check(context.Request.Headers.Authorization.ToString()) is { } error ? errors.WriteAsync(context, error) : next(context);

    // As strict as the DashScope side: a missing "Bearer " is a wrong key, not a missing one.
    private static GatewayError? Check(string authorization)
    {
        var value = authorization.Trim();
        if (value.Length == 0)
        {
            return GatewayError.NoApiKey;
        }

        if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || (value.Length > Scheme.Length && !char.IsWhiteSpace(value[Scheme.Length])))
        {
            return GatewayError.InvalidApiKey;
        }

        var key = value[Scheme.Length..].Trim();
        if (key.Length == 0)
        {
            return GatewayError.NoApiKey;
        }

        return string.Equals(key, GatewayRoutes.ApiKey, StringComparison.Ordinal) ? null : GatewayError.InvalidApiKey;
    }
}
