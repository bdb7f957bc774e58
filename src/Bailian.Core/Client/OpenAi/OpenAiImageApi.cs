using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Images;
using Bailian.Work;

namespace Bailian.Client.OpenAi;

/// <summary>
/// An OpenAI-style gateway behind the protocol seam (<see cref="IImageApi"/>; issue 11 §2, seed 002): New-BailianImage's
/// requests go to POST {base}/images/generations, Edit-BailianImage's to POST {base}/images/edits, both JSON
/// (<see cref="OpenAiBody"/>), and are answered at once with the images (<see cref="OpenAiAnswerReader"/>): URLs, or
/// the bytes themselves with -ResponseFormat Base64Json. No tasks, regions, workspaces or uploads. Errors in either
/// of the gateways' shapes are read by <see cref="OpenAiAnswers"/>. The catalog's checks of model, size and n ran before,
/// as for DashScope (same model names).
/// </summary>
internal sealed class OpenAiImageApi : IImageApi
{
    private readonly DashScopeTransport _transport;
    private readonly TimeProvider _clock;

    public OpenAiImageApi(DashScopeTransport transport, TimeProvider clock)
    {
        _transport = transport;
        _clock = clock;
    }

    /// <summary>
    /// Refuses what a gateway does not have, naming it: -Async (tasks), -Upload, oss:// inputs, -Mask, -Function, and
    /// DashScope's model options the gateway body has no field for (-EndpointFamily, -PromptExtendMode, -ThinkingMode,
    /// -Sequential, -BoundingBox, -ColorPalette, -Interleave, -MaxImages).
    /// </summary>
    /// <exception cref="BailianValidationException">Bailian.NotOnGateway.</exception>
    public void CheckEndpoint(PreparedGeneration prepared, DashScopeEndpoint endpoint)
    {
        var request = prepared.Request;
        var edit = request as EditRequest;
        var refused = request.Async ? "-Async (a gateway answers at once and has no tasks; drop -Async)"
            : edit?.Upload == true ? "-Upload (a gateway has no temporary storage; local files go inline as data URIs)"
            : prepared.Inputs.FirstOrDefault(i => i.Kind == ImageSourceKind.OssUri) is { } oss ? $"the oss:// input '{oss.Value}' (a gateway takes http(s) URLs, data URIs and local files)"
            : edit?.Mask is not null ? "-Mask (the gateway's /images/edits takes images and a prompt)"
            : edit?.Function is not null ? "-Function (the gateway's /images/edits takes images and a prompt)"
            : DashScopeOnlyOption(request) is { } option ? $"{option} (the gateway's API has no field for it)"
            : null;
        if (refused is not null)
        {
            throw new BailianValidationException(ErrorIds.NotOnGateway,
                $"{refused}: it is part of DashScope's API, and this call goes to the OpenAI-style gateway {endpoint.BaseUrl}.");
        }
    }

    // DashScope's own request options, which the gateway body cannot carry: refused rather than dropped unseen.
    private static string? DashScopeOnlyOption(ImageRequest request) =>
        request.EndpointFamily is not null ? "-EndpointFamily"
        : request.PromptExtendMode is not null ? "-PromptExtendMode"
        : request.ThinkingMode is not null ? "-ThinkingMode"
        : request.Sequential is not null ? "-Sequential"
        : request.BoundingBoxes is not null ? "-BoundingBox"
        : request.ColorPalette is not null ? "-ColorPalette"
        : request.Interleave is not null ? "-Interleave"
        : request.MaxImages is not null ? "-MaxImages"
        : null;

    public async Task<CreateAnswer> CreateAsync(PreparedGeneration prepared, DashScopeConnection connection, TransportOptions options,
        IBailianLog log, CancellationToken cancellationToken)
    {
        CheckEndpoint(prepared, connection.Endpoint);
        var route = OpenAiBody.RouteOf(prepared);
        var call = new ApiCall(HttpMethod.Post, route, connection, prepared.ModelName)
        {
            Body = OpenAiBody.For(prepared),
            IsBillable = true,
            Answers = OpenAiAnswers.Instance,
        };
        var response = await _transport.SendAsync(call, OpenAiJsonContext.Default.OpenAiImagesResponse, options, log, cancellationToken)
            .ConfigureAwait(false);
        return new CreateAnswer(OpenAiAnswerReader.Read(response, prepared, connection.Endpoint, connection.Endpoint.Resolve(route), _clock.GetUtcNow()));
    }
}
