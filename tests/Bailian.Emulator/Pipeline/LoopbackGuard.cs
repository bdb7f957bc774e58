using System.Net;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Pipeline;

/// <summary>
/// Control endpoints change what every client sees; only the local machine may call them. The server binds to
/// loopback anyway; this keeps it true should someone put a proxy in front.
/// </summary>
internal static class LoopbackGuard
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (RequestKinds.Classify(context.Request.Path) != RequestKinds.Control || IsLoopback(context.Connection.RemoteIpAddress))
        {
            return next(context);
        }

        return JsonResponses.WriteAsync(context, StatusCodes.Status403Forbidden, new JsonObject
        {
            ["code"] = "AccessDenied",
            ["message"] = "Emulator control endpoints answer loopback clients only.",
        });
    }

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
