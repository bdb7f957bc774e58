using Bailian.Emulator.Api;
using Bailian.Emulator.Editing;
using Bailian.Emulator.Inputs;
using Bailian.Emulator.Tasks;
using Bailian.Emulator.Throttling;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Generation;

/// <summary>
/// The async create endpoints (API doc §3): <c>text2image/image-synthesis</c> and <c>image2image/image-synthesis</c>
/// with the old protocol's body (§3.1, §3.2) and <c>image-generation/generation</c> with the new one (§3.3). All
/// answer the created task as PENDING (§3.4).
/// </summary>
internal sealed class AsyncGenerationEndpoints(TaskStore tasks, EmulatorControl control, InputImageReader inputs, CreateAdmission admission)
{
    public const string SynthesisRoute = "/api/v1/services/aigc/text2image/image-synthesis";
    public const string ImageToImageRoute = "/api/v1/services/aigc/image2image/image-synthesis";
    public const string GenerationRoute = "/api/v1/services/aigc/image-generation/generation";

    private delegate ApiError? WorkReader(string body, RequestScope scope, out TaskWork? work);

    public Task HandleSynthesisAsync(HttpContext context) => CreateAsync(context, ReadSynthesis);

    public Task HandleImageToImageAsync(HttpContext context) => CreateAsync(context, ReadImageToImage);

    public Task HandleGenerationAsync(HttpContext context) => CreateAsync(context, ReadGeneration);

    private async Task CreateAsync(HttpContext context, WorkReader read)
    {
        var call = context.Features.GetRequiredFeature<ApiCallContext>();
        // The mirror image of the sync endpoint: without the header the service refuses (API doc §1.3).
        if (!RequestBodies.IsEnabled(context, "X-DashScope-Async"))
        {
            await ApiErrors.WriteAsync(context, ApiError.SyncNotSupported).ConfigureAwait(false);
            return;
        }

        var body = await RequestBodies.ReadAsync(context).ConfigureAwait(false);
        if (read(body, RequestScope.Of(context), out var work) is { } error)
        {
            await ApiErrors.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }

        if (!await admission.TryAdmitTaskAsync(context, work!.Model).ConfigureAwait(false))
        {
            return;
        }

        // Only a task actually created takes a queued outcome, so a test's rejected call cannot use one up.
        var task = tasks.Create(call.Region.Id, work!, call.RequestId, control.TakeTaskOutcome());
        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, TaskResponses.Created(task, call.RequestId)).ConfigureAwait(false);
    }

    private static ApiError? ReadSynthesis(string body, RequestScope scope, out TaskWork? work)
    {
        var error = SynthesisRequest.Read(body, scope.RegionId, out var request);
        work = request is null ? null : TaskWork.From(request);
        return error;
    }

    private ApiError? ReadImageToImage(string body, RequestScope scope, out TaskWork? work) =>
        ImageToImageRequest.Read(body, scope, inputs, out work);

    // Images are read at creation, as on the sync endpoint: a bad one is the create call's 400, not a failed task.
    private ApiError? ReadGeneration(string body, RequestScope scope, out TaskWork? work)
    {
        work = null;
        if ((GenerationRequest.Read(body, scope.RegionId, AsyncModels.ResolveGeneration, out var request)
            ?? GenerationInputs.Apply(request!, inputs, scope, out request)) is { } error)
        {
            return error;
        }

        // Interleaved output is streamed from the sync endpoint only (API doc §2.4, §5.6).
        if (request!.Options.Interleave)
        {
            return ApiError.InvalidParameter("The parameter enable_interleave is only supported by streaming calls to the synchronous endpoint.");
        }

        work = TaskWork.From(request);
        return null;
    }
}
