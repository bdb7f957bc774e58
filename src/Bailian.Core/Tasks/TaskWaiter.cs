using Bailian.Client;
using Bailian.Connection;
using Bailian.Http;
using Bailian.Work;

namespace Bailian.Tasks;

/// <summary>How many of the tasks being waited on are where.</summary>
public sealed record WaitProgress(int Total, int Pending, int Running, int Finished);

/// <summary>A task to wait for, and the connection to ask about it through.</summary>
public sealed record TaskToWait(ImageTask Task, DashScopeConnection Connection);

/// <summary>What happens as tasks finish; called from worker threads (the cmdlets queue them).</summary>
public sealed class WaitHandlers
{
    /// <summary>A task reached SUCCEEDED, FAILED, CANCELED or UNKNOWN.</summary>
    public Action<ImageTask> Finished { get; init; } = _ => { };
    /// <summary>Waiting on a task stopped with an error (timeout, or a query that kept failing).</summary>
    public Action<ImageTask, BailianException> Failed { get; init; } = (_, _) => { };
    public Action<WaitProgress> Progress { get; init; } = _ => { };
}

/// <summary>
/// Waits on many tasks at once: each on the SDKs' poll schedule, all together under the account's
/// query rate (QueryPacer), each reported the moment it finishes. Waiting never cancels a task:
/// on timeout or Ctrl+C the tasks go on running on DashScope.
/// </summary>
public sealed class TaskWaiter
{
    private readonly ITaskApi _client;
    private readonly QueryPacer _pacer;
    private readonly TimeProvider _clock;

    public TaskWaiter(ITaskApi client, QueryPacer pacer, TimeProvider clock)
    {
        _client = client;
        _pacer = pacer;
        _clock = clock;
    }

    /// <param name="timeout">How long to wait for all of them; null waits as long as it takes.</param>
    public async Task WaitAsync(IReadOnlyList<TaskToWait> tasks, TimeSpan? timeout, TransportOptions options, WaitHandlers handlers,
        IBailianLog log, CancellationToken cancellationToken)
    {
        var board = new ProgressBoard(tasks.Select(t => t.Task), handlers.Progress);
        var deadline = timeout is { } limit ? _clock.GetUtcNow() + limit : (DateTimeOffset?)null;
        await Task.WhenAll(tasks.Select(t => PollAsync(t, deadline, timeout, options, handlers, board, log, cancellationToken)))
            .ConfigureAwait(false);
    }

    /// <summary>Waits on one task: returns it finished, or throws why waiting stopped.</summary>
    public async Task<ImageTask> WaitOneAsync(TaskToWait item, TimeSpan? timeout, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken)
    {
        ImageTask? finished = null;
        BailianException? failure = null;
        var handlers = new WaitHandlers { Finished = task => finished = task, Failed = (_, error) => failure = error };
        await WaitAsync([item], timeout, options, handlers, log, cancellationToken).ConfigureAwait(false);
        return finished ?? throw failure!;
    }

    private async Task PollAsync(TaskToWait item, DateTimeOffset? deadline, TimeSpan? timeout, TransportOptions options,
        WaitHandlers handlers, ProgressBoard board, IBailianLog log, CancellationToken cancellationToken)
    {
        var task = item.Task;
        var schedule = new PollSchedule();
        // Retry loop 3 of 4 (ARCHITECTURE.md): the poll loop. It polls a task until it finishes, on the
        // SDKs' schedule (PollSchedule), and also retries failed queries: transient errors, up to
        // MaxRetryCount in a row, waiting the next poll step or Retry-After if longer. Polly is off here so
        // every attempt waits its turn at the shared QueryPacer (the account's query rate): a retry storm
        // after a 429 would only bring more 429s. Queries are reads, so retrying them cannot bill.
        var queryOptions = options.WithoutRetries();
        var failures = 0;
        try
        {
            while (true)
            {
                await _pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
                TimeSpan pause;
                try
                {
                    task = await _client.QueryAsync(task, item.Connection, queryOptions, log, cancellationToken).ConfigureAwait(false);
                    failures = 0;
                    board.Update(task);
                    if (task.IsFinished)
                    {
                        handlers.Finished(task);
                        return;
                    }

                    pause = schedule.Next();
                }
                catch (BailianException error) when (error.IsTransient && ++failures <= options.MaxRetryCount)
                {
                    var next = schedule.Next();
                    pause = error.RetryAfter is { } retryAfter && retryAfter > next ? retryAfter : next;
                    log.Verbose($"Query of task {task.TaskId} failed ({error.Message}); asking again in {pause.TotalSeconds:0.#} s.");
                }

                var now = _clock.GetUtcNow();
                if (deadline is { } end && now >= end)
                {
                    throw new BailianException(ErrorIds.WaitTimeout, BailianErrorCategory.OperationTimeout,
                        $"Task {task.TaskId} ({task.Model ?? "model unknown"}) is still {task.StatusText} after waiting {timeout!.Value.TotalSeconds:0.#} s. " +
                        $"It goes on running on DashScope: collect it later with Get-BailianTask -TaskId {task.TaskId} -Wait (results are kept for 24 hours).");
                }

                // The last query lands on the deadline rather than after it.
                await _clock.Delay(deadline is { } last && now + pause > last ? last - now : pause, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (BailianException error)
        {
            board.Remove(task);
            handlers.Failed(task, error);
        }
    }

    /// <summary>Counts tasks by stage and reports whenever one changes stage.</summary>
    private sealed class ProgressBoard
    {
        private enum Stage
        {
            Pending,
            Running,
            Finished,
        }

        private readonly Dictionary<string, Stage> _stages;
        private readonly Action<WaitProgress> _report;

        public ProgressBoard(IEnumerable<ImageTask> tasks, Action<WaitProgress> report)
        {
            _stages = tasks.GroupBy(t => t.TaskId).ToDictionary(g => g.Key, _ => Stage.Pending);
            _report = report;
        }

        public void Update(ImageTask task) =>
            Set(task.TaskId, task.IsFinished ? Stage.Finished : task.Status == ImageTaskStatus.Running ? Stage.Running : Stage.Pending);

        public void Remove(ImageTask task) => Set(task.TaskId, Stage.Finished);

        // Reported under the lock, so reports arrive in the order the counts changed (the last says all done).
        private void Set(string taskId, Stage stage)
        {
            lock (_stages)
            {
                if (_stages.TryGetValue(taskId, out var old) && old == stage)
                {
                    return;
                }

                _stages[taskId] = stage;
                _report(new WaitProgress(_stages.Count, Count(Stage.Pending), Count(Stage.Running), Count(Stage.Finished)));
            }
        }

        private int Count(Stage stage) => _stages.Values.Count(s => s == stage);
    }
}
