using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Images;
using Bailian.Work;
using Bailian.Uploads;

namespace Bailian.Client.DashScope;

/// <summary>
/// Builds DashScope's billable create call of a prepared request, the same way for the synchronous endpoint
/// and the task endpoints: last checks that need the region, uploads where asked for, then the endpoint
/// path (<see cref="ApiProtocols.Path"/>) and the body (<see cref="DashScopeBody"/>).
/// </summary>
internal static class GenerationCalls
{
    public static async Task<ApiCall> BuildAsync(PreparedGeneration prepared, DashScopeConnection connection, TemporaryStorage storage,
        TransportOptions options, IBailianLog log, CancellationToken cancellationToken)
    {
        var endpoint = connection.Endpoint;
        CheckEndpoint(prepared, endpoint);

        var region = endpoint.Region?.Id;
        if (prepared.ModelNameIn(region) != prepared.ModelName)
        {
            log.Verbose($"{prepared.ModelName} is called {prepared.ModelNameIn(region)} in {endpoint.Region?.DisplayName}; sending that name.");
        }

        IReadOnlyDictionary<string, string>? uploaded = prepared.UploadsFiles
            ? await storage.UploadAsync(prepared, connection, options, log, cancellationToken).ConfigureAwait(false)
            : null;
        return new ApiCall(HttpMethod.Post, prepared.Protocol.Path(), connection, prepared.ModelName)
        {
            Body = DashScopeBody.For(prepared, region, uploaded),
            IsBillable = true,
            Async = prepared.Protocol.IsAsync(),
            Streams = prepared.Streams,
            // DashScope reads oss:// inputs only when told to.
            ResolvesOssResources = uploaded is { Count: > 0 } || prepared.Inputs.Any(i => i.Kind == ImageSourceKind.OssUri),
        };
    }

    /// <summary>The checks of a request that need its endpoint but no network: the model is served in its region, uploads are possible there.</summary>
    /// <exception cref="BailianValidationException">Bailian.ModelNotInRegion, or the upload region error.</exception>
    public static void CheckEndpoint(PreparedGeneration prepared, DashScopeEndpoint endpoint)
    {
        RequestChecks.CheckRegion(prepared, endpoint.Region);
        if (prepared.UploadsFiles)
        {
            TemporaryStorage.CheckRegion(endpoint);
        }
    }
}
