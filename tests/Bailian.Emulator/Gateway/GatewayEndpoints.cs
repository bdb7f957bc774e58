using System.Globalization;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Bailian.Emulator.Generation;
using Bailian.Emulator.Inputs;
using Bailian.Emulator.Results;
using Bailian.Emulator.Throttling;

namespace Bailian.Emulator.Gateway;

/// <summary>
/// The OpenAI-style gateway of seed 002 under <c>/gateway/v1</c>: <c>POST /images/generations</c> and
/// <c>POST /images/edits</c> (JSON), checked by the gateway's rules (<see cref="GatewayModelRules"/>), admitted by the
/// emulator's per-model limits under the gateway's own account, answered with real PNGs as URLs or base64. See
/// Gateway/README.md.
/// </summary>
internal sealed class GatewayEndpoints(
    ResultStore results, InputImageReader inputs, CreateAdmission admission, GatewayErrors errors, EmulatorControl control, TimeProvider timeProvider)
{
    /// <summary>Maps the two routes, a catch-all for the rest of <c>/gateway/v1</c>, and <c>PUT /_emulator/gateway</c>.</summary>
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(GatewayRoutes.Generations, context => HandleAsync(context, GatewayRoute.Generations));
        routes.MapPost(GatewayRoutes.Edits, context => HandleAsync(context, GatewayRoute.Edits));
        routes.Map(GatewayRoutes.Root + "/{**rest}", context => errors.WriteAsync(
            context, GatewayError.UnknownRoute(context.Request.Method, context.Request.Path.Value ?? string.Empty)));
        routes.MapPut("/_emulator/gateway", SetErrorShapeAsync);
    }

    private async Task HandleAsync(HttpContext context, GatewayRoute route)
    {
        var body = await RequestBodies.ReadAsync(context).ConfigureAwait(false);
        if (GatewayRequest.Read(body, route, out var parsed) is { } error)
        {
            await errors.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }

        var request = parsed!;
        var server = ServerAddress.Of(context);
        var size = request.Size;
        ulong inputHash = 0;
        if (request.Images.Count > 0)
        {
            // The DashScope side's reader and the model's own input rule: data URIs decoded and checked by signature,
            // URLs only when they are this emulator's own unexpired results; nothing is fetched from the network.
            var upstream = request.Model.Upstream;
            var scope = new RequestScope(GatewayModelRules.UpstreamRegion, OssResolve: false, server);
            if (inputs.ReadAll(request.Images, ImageLabel, upstream.Inputs, upstream.Name, scope, out var images) is { } imageError)
            {
                await errors.WriteAsync(context, GatewayError.FromImage(imageError)).ConfigureAwait(false);
                return;
            }

            size = EditSizes.Output(upstream, size, request.SizeIsExact, images[^1]);
            inputHash = InputFingerprint.Of(images);
        }

        // From here until the answer starts (the latency included) the call holds a slot of its model.
        if (!await admission.TryAdmitSyncAsync(
            context, GatewayRoutes.Account, request.Model.Name, ctx => errors.WriteAsync(ctx, GatewayError.RateLimited)).ConfigureAwait(false))
        {
            return;
        }

        var made = Enumerable.Range(0, request.Count)
            .Select(i => Make(server, new ImageSpec(request.Prompt, request.Seed, i, size, inputHash), request.Format))
            .ToList();
        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, GatewayResponses.Success(timeProvider.GetUtcNow(), made)).ConfigureAwait(false);
    }

    // A b64_json image is the very file its URL would have served: the same rendering and the same padding.
    private GatewayImage Make(Uri server, ImageSpec spec, GatewayResponseFormat format) => format == GatewayResponseFormat.Url
        ? new GatewayImage(results.Publish(server, spec), null)
        : new GatewayImage(null, ResultPng.Of(PngRenderer.Render(spec), control.ResultImageBytes).ToArray());

    private static string ImageLabel(int index) => string.Create(CultureInfo.InvariantCulture, $"image[{index}]");

    // PUT /_emulator/gateway?errorShape=openai|dashscope: answers the current value; a bad value changes nothing.
    private Task SetErrorShapeAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (query.TryGetValue("errorShape", out var text))
        {
            GatewayErrorShape? shape = text.ToString().ToUpperInvariant() switch
            {
                "OPENAI" => GatewayErrorShape.OpenAI,
                "DASHSCOPE" => GatewayErrorShape.DashScope,
                _ => null,
            };
            if (shape is not { } chosen)
            {
                return Control.ControlEndpoints.BadRequestAsync(context, "errorShape must be openai or dashscope, e.g. PUT /_emulator/gateway?errorShape=dashscope.");
            }

            control.Gateway.ErrorShape = chosen;
        }

        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["errorShape"] = control.Gateway.ErrorShape == GatewayErrorShape.OpenAI ? "openai" : "dashscope",
        });
    }
}
