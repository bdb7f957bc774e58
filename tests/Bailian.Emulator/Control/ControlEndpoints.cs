using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Bailian.Emulator.Pipeline;

namespace Bailian.Emulator.Control;

/// <summary>
/// <c>/_emulator/*</c>: the <see cref="EmulatorControl"/> knobs over HTTP, for Pester tests and the demo, which
/// run the emulator as a separate process.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorControl control)
    {
        var group = routes.MapGroup(RequestKinds.ControlRoot);
        group.MapGet("/requests", context => WriteRequestsAsync(context, control));
        group.MapDelete("/requests", context =>
        {
            control.ClearRequests();
            return NoContent(context);
        });
        group.MapPost("/faults", context => EnqueueFaultAsync(context, control));
        group.MapDelete("/faults", context =>
        {
            control.ClearFaults();
            return NoContent(context);
        });
        group.MapPut("/latency", context => SetLatencyAsync(context, control));
        TaskControlEndpoints.Map(group, control);
        LimitControlEndpoints.Map(group, control);
    }

    public static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static Task BadRequestAsync(HttpContext context, string message) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status400BadRequest, new JsonObject
        {
            ["code"] = "InvalidParameter",
            ["message"] = message,
        });

    private static Task WriteRequestsAsync(HttpContext context, EmulatorControl control)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(control.Requests, ControlJsonContext.Readable.IReadOnlyListRecordedRequest);
        context.Response.ContentType = JsonResponses.ContentType;
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static async Task EnqueueFaultAsync(HttpContext context, EmulatorControl control)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (FaultRequest.TryParse(body, out var error) is not { } request)
        {
            await BadRequestAsync(context, error!).ConfigureAwait(false);
            return;
        }

        if (request.Scope == FaultRequest.ApiScope)
        {
            control.EnqueueApiFault(request.Fault, request.Count);
        }
        else
        {
            control.EnqueueDownloadFault(request.Fault, request.Count);
        }

        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["scope"] = request.Scope,
            ["fault"] = request.Fault.ToString(),
            ["count"] = request.Count,
        }).ConfigureAwait(false);
    }

    private static Task SetLatencyAsync(HttpContext context, EmulatorControl control)
    {
        if (!int.TryParse(context.Request.Query["ms"], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return BadRequestAsync(context, "ms must be a whole number of milliseconds, e.g. PUT /_emulator/latency?ms=250.");
        }

        control.Latency = TimeSpan.FromMilliseconds(ms);
        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, new JsonObject { ["latencyMs"] = ms });
    }

    private static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
