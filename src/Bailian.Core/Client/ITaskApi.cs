using Bailian.Connection;
using Bailian.Http;
using Bailian.Tasks;
using Bailian.Work;

namespace Bailian.Client;

/// <summary>
/// The task half of a protocol whose create calls can answer with a task (<see cref="CreateAnswer.Task"/>):
/// DashScope's <c>tasks/</c> endpoints (<see cref="TaskClient"/>, API doc §4). A protocol without tasks (an
/// OpenAI-style gateway) needs none: its
/// create calls never answer with a task.
/// </summary>
/// <remarks>
/// Every call here is free (a read, or a cancel that bills nothing), so with retries on
/// (<see cref="TransportOptions"/>) the transport's Polly pipeline retries transient failures; the task
/// waiter (<see cref="TaskWaiter"/>, loop 3 of 4) turns them off and retries each query under the account's
/// <see cref="QueryPacer"/> itself. Errors are <see cref="BailianException"/>s with ids from
/// <see cref="ErrorIds"/>, as for <see cref="IImageApi"/>. Called from worker threads.
/// </remarks>
public interface ITaskApi
{
    /// <summary>The task as it is now; its images (<see cref="ImageTask.Results"/>) once it has succeeded.</summary>
    /// <param name="task">What is known of it: its id, and the request details it keeps on its results.</param>
    Task<ImageTask> QueryAsync(ImageTask task, DashScopeConnection connection, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken);

    /// <summary>Cancels a task that has not started.</summary>
    /// <exception cref="BailianException"><see cref="ErrorIds.CannotCancel"/> naming the state the task is in, or the API's error.</exception>
    Task CancelAsync(ImageTask task, DashScopeConnection connection, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="found"/> for each of the account's tasks the query selects, newest first (worker thread).</summary>
    Task ListAsync(TaskListQuery query, DashScopeConnection connection, TransportOptions options, Action<ImageTask> found,
        IBailianLog log, CancellationToken cancellationToken);
}
