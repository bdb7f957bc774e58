using System.Net;
using Bailian.Client;
using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Json;
using Bailian.Work;

namespace Bailian.Tasks;

/// <summary>
/// DashScope's task endpoints: query, cancel and list (API doc §4); the create call that submits a task is
/// <see cref="Client.DashScope.DashScopeImageApi"/>'s. The task half of the protocol seam (<see cref="ITaskApi"/>).
/// </summary>
public sealed class TaskClient : ITaskApi
{
    private readonly DashScopeTransport _transport;
    private readonly TaskLister _lister;
    private readonly TimeProvider _clock;

    public TaskClient(DashScopeTransport transport, TaskLister lister, TimeProvider clock)
    {
        _transport = transport;
        _lister = lister;
        _clock = clock;
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
        RowKey = Batch.RowKey.Of(prepared),
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
        // A task known only by its id lives where it was found: its images (and their sidecars) say so, as a made one's do.
        if (task.Endpoint is null)
        {
            task.Endpoint = connection.Endpoint.BaseUrl.ToString();
            task.Region ??= connection.Endpoint.Region?.Id;
        }

        return TaskResponseReader.Read(response, task, _clock.GetUtcNow());
    }

    /// <summary>
    /// Cancels a PENDING task. For any other state DashScope refuses; the error then says which state
    /// the task is in, because "please confirm if the task is in PENDING status" does not: Bailian.CannotCancel,
    /// or Bailian.TaskUnknown for an id DashScope does not know (API doc §4.1, UNKNOWN; §4.2).
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
            if (current.Status == ImageTaskStatus.Unknown)
            {
                // Not a state to cancel from: the id is wrong for this region, or expired (Bailian.TaskUnknown says which).
                throw TaskErrors.Of(current).Single();
            }

            throw new BailianException(ErrorIds.CannotCancel, BailianErrorCategory.InvalidOperation,
                $"Task {task.TaskId} is {current.StatusText}: DashScope cancels only PENDING tasks" +
                (current.Status == ImageTaskStatus.Running ? " (a running task finishes and is billed for the images it makes)." : "."), error);
        }
    }

    /// <summary>Lists the account's tasks (<see cref="TaskLister"/>: 24-hour windows, every page).</summary>
    public Task ListAsync(TaskListQuery query, DashScopeConnection connection, TransportOptions options, Action<ImageTask> found,
        IBailianLog log, CancellationToken cancellationToken) =>
        _lister.ListAsync(query, connection, options, found, log, cancellationToken);
}
