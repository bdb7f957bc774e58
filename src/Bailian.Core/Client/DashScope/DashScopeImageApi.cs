using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Json;
using Bailian.Tasks;
using Bailian.Uploads;
using Bailian.Work;

namespace Bailian.Client.DashScope;

/// <summary>
/// DashScope's native image API behind the protocol seam (<see cref="IImageApi"/>): the synchronous
/// endpoint answers with the images (API doc §2), the task endpoints with a task id (§3) that
/// <see cref="TaskClient"/> queries. Which one a model uses is the catalog's <see cref="ApiProtocol"/>.
/// </summary>
internal sealed class DashScopeImageApi : IImageApi
{
    private readonly DashScopeTransport _transport;
    private readonly TemporaryStorage _storage;
    private readonly TimeProvider _clock;

    public DashScopeImageApi(DashScopeTransport transport, TemporaryStorage storage, TimeProvider clock)
    {
        _transport = transport;
        _storage = storage;
        _clock = clock;
    }

    public void CheckEndpoint(PreparedGeneration prepared, DashScopeEndpoint endpoint) => GenerationCalls.CheckEndpoint(prepared, endpoint);

    public async Task<CreateAnswer> CreateAsync(PreparedGeneration prepared, DashScopeConnection connection, TransportOptions options,
        IBailianLog log, CancellationToken cancellationToken)
    {
        var call = await GenerationCalls.BuildAsync(prepared, connection, _storage, options, log, cancellationToken).ConfigureAwait(false);
        var response = prepared.Streams
            ? await _transport.SendStreamingAsync(call, options, log, cancellationToken).ConfigureAwait(false)
            : await _transport.SendAsync(call, DashScopeJsonContext.Default.DashScopeResponse, options, log, cancellationToken)
                .ConfigureAwait(false);
        if (!prepared.Protocol.IsAsync())
        {
            return new CreateAnswer(SyncResponseReader.Read(response, prepared, connection.Endpoint, _clock.GetUtcNow()));
        }

        // The task endpoints (API doc §3.1): the answer holds the task id, and the task starts PENDING.
        var taskId = response.Output?.TaskId ?? throw new OutcomeUnknownException(prepared.ModelName, connection.Endpoint.Resolve(call.RelativePath),
            "the answer has no task id");
        var task = TaskClient.Describe(prepared, taskId, prepared.ModelName, connection.Endpoint.Region?.Id, connection.Endpoint.BaseUrl.ToString(), TaskTimes.Local(_clock.GetUtcNow()));
        task.StatusText = response.Output.TaskStatus ?? "PENDING";
        task.Status = TaskResponseReader.ParseStatus(task.StatusText);
        task.RequestId = response.RequestId;
        return new CreateAnswer([], task);
    }
}
