using Bailian.Emulator.Api;
using Bailian.Emulator.Inputs;
using Bailian.Emulator.Results;
using Bailian.Emulator.Throttling;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Generation;

/// <summary><c>POST {base}/services/aigc/multimodal-generation/generation</c>, the synchronous endpoint of API doc §2.</summary>
internal sealed class SyncGenerationEndpoint(ResultStore results, InputImageReader inputs, CreateAdmission admission)
{
    public const string Route = "/api/v1/services/aigc/multimodal-generation/generation";

    public async Task HandleAsync(HttpContext context)
    {
        var call = context.Features.GetRequiredFeature<ApiCallContext>();
        // The service refuses the async header here rather than ignoring it (API doc §1.3).
        if (context.Request.Headers.ContainsKey("X-DashScope-Async"))
        {
            await ApiErrors.WriteAsync(context, ApiError.AsyncNotSupported).ConfigureAwait(false);
            return;
        }

        var body = await RequestBodies.ReadAsync(context).ConfigureAwait(false);
        var scope = RequestScope.Of(context);
        if ((GenerationRequest.Read(body, call.Region.Id, out var parsed)
            ?? GenerationInputs.Apply(parsed!, inputs, scope, out parsed)) is { } error)
        {
            await ApiErrors.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }

        var request = parsed!;
        // Interleaved output exists only as a stream (API doc §2.4).
        var streams = RequestBodies.IsEnabled(context, "X-DashScope-SSE");
        if (request.Options.Interleave && !streams)
        {
            await ApiErrors.WriteAsync(context, ApiError.InvalidParameter(
                "The parameter enable_interleave requires streaming output: send the header X-DashScope-SSE: enable.")).ConfigureAwait(false);
            return;
        }

        // From here until the answer starts (the latency included) the call holds a slot of its model.
        if (!await admission.TryAdmitSyncAsync(context, request.Model.Name).ConfigureAwait(false))
        {
            return;
        }

        // Interleaved mode makes up to max_images images (n stays 1); the emulator makes exactly that many.
        var images = request.Options.Interleave ? request.Options.MaxImages : request.Count;
        var urls = Enumerable.Range(0, images)
            .Select(i => results.Publish(scope.ServerAddress, new ImageSpec(request.Prompt, request.Seed, i, request.Size, request.InputHash)))
            .ToList();
        if (streams)
        {
            await StreamingGeneration.WriteAsync(context, request, urls, call.RequestId).ConfigureAwait(false);
            return;
        }

        var answer = request.Model.Style == ResponseStyle.Wan
            ? SyncResponses.Wan(request, urls, call.RequestId)
            : SyncResponses.Qwen(request, urls, call.RequestId);
        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, answer).ConfigureAwait(false);
    }
}
