using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Gateway;

/// <summary>Writes the gateway's error bodies in the shape <see cref="GatewayControl.ErrorShape"/> says.</summary>
internal sealed class GatewayErrors(GatewayControl control)
{
    public Task WriteAsync(HttpContext context, GatewayError error)
    {
        if (control.ErrorShape == GatewayErrorShape.DashScope)
        {
            // DashScope's envelope, request id included (the gate sent it as X-Request-Id already).
            return ApiErrors.WriteAsync(context, error.Status, error.DashScopeCode, error.Message);
        }

        return JsonResponses.WriteAsync(context, error.Status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = error.Message,
                ["type"] = error.Type,
                ["param"] = error.Param,
                ["code"] = error.Code,
            },
        });
    }

    /// <summary>For queued status faults (<see cref="FaultErrorWriter"/>): their DashScope code and message, in the current shape.</summary>
    public Task WriteFaultAsync(HttpContext context, int status, string code, string message) =>
        WriteAsync(context, GatewayError.FromStatus(status, code, message));
}
