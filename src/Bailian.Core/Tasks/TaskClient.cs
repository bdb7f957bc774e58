using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Json;
using Bailian.Work;
using Bailian.Uploads;

namespace Bailian.Tasks;

/// <summary>The task endpoints: create (async), query, cancel (API doc §3, §4).</summary>
public sealed class TaskClient
{
    private readonly DashScopeTransport _transport;
    private readonly TimeProvider _clock;
    private readonly TemporaryStorage _storage;

    public TaskClient(DashScopeTransport transport, TimeProvider? clock = null)
    {
        _transport = transport;
        _clock = clock ?? TimeProvider.System;
        _storage = new TemporaryStorage(transport, _clock);
    }

    /// <summary>Creates the task. Billable: never re-sent once it may have reached DashScope.</summary>
    public async Task<ImageTask> SubmitAsync(PreparedGeneration prepared, DashScopeConnection connection, TransportOptions options,
        IBailianLog log, CancellationToken cancellationToken)
    {
        var call = await GenerationCalls.BuildAsync(prepared, connection, _storage, options, log, cancellationToken).ConfigureAwait(false);
        var response = await _transport.SendAsync(call, DashScopeJsonContext.Default.DashScopeResponse, options, log, cancellationToken)
            .ConfigureAwait(false);
        var taskId = response.Output?.TaskId ?? throw new OutcomeUnknownException(prepared.ModelName, connection.Endpoint.Resolve(call.RelativePath),
            "the answer has no task id");
        var task = Describe(prepared, taskId, prepared.ModelName, connection.Endpoint.Region?.Id, connection.Endpoint.BaseUrl.ToString(), TaskTimes.Local(_clock.GetUtcNow()));
        task.StatusText = response.Output.TaskStatus ?? "PENDING";
        task.Status = TaskResponseReader.ParseStatus(task.StatusText);
        task.RequestId = response.RequestId;
        return task;
    }

    /// <summary>The task made for <paramref name="prepared"/>, as far as the request says (a PENDING task until queried).</summary>
    internal static ImageTask Describe(PreparedGeneration prepared, string taskId, string model, string? region, string? endpoint, DateTimeOffset? submitTime) => new()
    {
        TaskId = taskId,
        StatusText = "PENDING",
        Model = model,
        Region = region,
        Endpoint = endpoint,
        SourceImages = SourceImages.Of(prepared),
        RowKey = prepared.RowKey,
        SubmitTime = submitTime,
        Prompt = prepared.Request.Prompt,
        NegativePrompt = prepared.Request.NegativePrompt,
        Size = prepared.Size?.ToString() ?? prepared.Model?.DefaultSize,
        Seed = prepared.Request.Seed,
        Name = prepared.Request.Name,
    };

    /// <summary>The task as it is now. Querying is free, so failures here are retried like any GET.</summary>
    public async Task<ImageTask> QueryAsync(ImageTask task, DashScopeConnection connection, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken)
    {
        var call = new ApiCall(HttpMethod.Get, "tasks/" + Uri.EscapeDataString(task.TaskId), connection, task.TaskId);
        var response = await _transport.SendAsync(call, DashScopeJsonContext.Default.DashScopeResponse, options, log, cancellationToken)
            .ConfigureAwait(false);
        return TaskResponseReader.Read(response, task, _clock.GetUtcNow());
    }

    /// <summary>
    /// Cancels a PENDING task. For any other state DashScope refuses; the error then says which state
    /// the task is in, because "please confirm if the task is in PENDING status" does not.
    /// </summary>
    public async Task CancelAsync(ImageTask task, DashScopeConnection connection, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken)
    {
        var call = new ApiCall(HttpMethod.Post, "tasks/" + Uri.EscapeDataString(task.TaskId) + "/cancel", connection, task.TaskId);
        try
        {
            await _transport.SendAsync(call, DashScopeJsonContext.Default.DashScopeResponse, options, log, cancellationToken).ConfigureAwait(false);
        }
        catch (DashScopeException error) when (error.StatusCode == HttpStatusCode.BadRequest && error.Code == "UnsupportedOperation")
        {
            var current = await QueryAsync(task, connection, options, log, cancellationToken).ConfigureAwait(false);
            throw new BailianException(ErrorIds.CannotCancel, BailianErrorCategory.InvalidOperation,
                $"Task {task.TaskId} is {current.StatusText}: DashScope cancels only PENDING tasks" +
                (current.Status == ImageTaskStatus.Running ? " (a running task finishes and is billed for the images it makes)." : "."), error);
        }
    }
}
