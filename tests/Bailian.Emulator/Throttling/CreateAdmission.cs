using System.Globalization;
using Bailian.Emulator.Api;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Throttling;

/// <summary>
/// Admits a create call that passed its checks, or answers it 429 <c>Throttling.RateQuota</c> at once: the
/// per-model concurrency limit (sync generations only) and submission rate (every create call) of
/// <see cref="EmulatorControl"/>. A refused call counts toward neither.
/// </summary>
internal sealed class CreateAdmission(EmulatorControl control, TimeProvider timeProvider)
{
    private readonly SubmissionRateLimiter _rate = new(timeProvider);

    /// <summary>For the sync endpoint: a slot of its (region, model), held until the answer starts, and a place in the rate.</summary>
    public Task<bool> TryAdmitSyncAsync(HttpContext context, string model) => TryAdmitSyncAsync(
        context, context.Features.GetRequiredFeature<ApiCallContext>().Region.Id, model, RefuseInDashScopeShape);

    /// <summary>
    /// As above for a caller that is no DashScope region (the OpenAI-style gateway): its calls count under
    /// <paramref name="account"/>, and <paramref name="refuse"/> writes the 429's body (Retry-After is set already).
    /// </summary>
    public async Task<bool> TryAdmitSyncAsync(HttpContext context, string account, string model, Func<HttpContext, Task> refuse)
    {
        var slot = control.InFlight.TryEnter(account, model, control.ConcurrentRequestsPerModel);
        if (slot is null || !_rate.TryAdmit(account, model, control.RequestsPerSecondPerModel))
        {
            slot?.Dispose();
            await RefuseAsync(context, refuse).ConfigureAwait(false);
            return false;
        }

        // Given back when the answer starts, so a client that has its answer always finds the slot free again; or,
        // when no answer ever starts (the client left, the call was dropped), when the request ends.
        context.Response.OnStarting(() =>
        {
            slot.Dispose();
            return Task.CompletedTask;
        });
        context.Response.RegisterForDispose(slot);
        return true;
    }

    /// <summary>For an async create endpoint: a place in the rate of its (region, model).</summary>
    public async Task<bool> TryAdmitTaskAsync(HttpContext context, string model)
    {
        var regionId = context.Features.GetRequiredFeature<ApiCallContext>().Region.Id;
        if (_rate.TryAdmit(regionId, model, control.RequestsPerSecondPerModel))
        {
            return true;
        }

        await RefuseAsync(context, RefuseInDashScopeShape).ConfigureAwait(false);
        return false;
    }

    private static Task RefuseInDashScopeShape(HttpContext context) => ApiErrors.WriteAsync(context, ApiError.RateQuota);

    private Task RefuseAsync(HttpContext context, Func<HttpContext, Task> refuse)
    {
        OwedLatency.Waive(context);
        if (control.ThrottleRetryAfter > TimeSpan.Zero)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(control.ThrottleRetryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return refuse(context);
    }
}
