using System.Collections.Concurrent;
using System.Net;
using Bailian.Client;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Work;
using Bailian.Tasks;

namespace Bailian.Batch;

/// <summary>
/// Runs a stream of rows at the account's limits: up to ThrottleLimit create calls in flight over all
/// models, each (region, model) also behind its own <see cref="ModelGate"/>, task-only models submitted as fast as allowed
/// and waited on together (under the shared query pacer). Every row ends in exactly one
/// <see cref="RowOutcome"/>, handed to the caller's sink as it completes (or in input order).
/// A 429 is retried through the shared backoff — the call was refused, so it cannot bill — and so are
/// server errors and calls that never left; a call that may have been accepted is never sent again.
/// </summary>
public sealed class BatchEngine : IDisposable
{
    private static readonly TimeSpan ThrottleFallback = TimeSpan.FromSeconds(1);
    private readonly BatchOptions _options;
    private readonly IBailianLog _log;
    private readonly TimeProvider _clock;
    private readonly IImageApi _api;
    private readonly TaskWaiter _waiter;
    private readonly ConcurrentWork<RowOutcome> _queue;
    private readonly ConcurrentDictionary<string, ModelGate> _gates = new();
    private readonly ConcurrentDictionary<string, ImageTask> _waitingTasks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopSending = new();
    // The batch-wide -ThrottleLimit: each gate allows up to it for its model, this caps all models' calls together.
    // Not disposed with the engine: a call stopped late may still release it, and it never makes a wait handle.
    private readonly SemaphoreSlim _calls;
    private readonly CancellationTokenSource _stopWaiting = new();
    private long _inCalls;
    private readonly DateTimeOffset _started;
    private long _running;
    private long _done;
    private long _failed;
    private long _images;

    /// <summary>Built by <see cref="BailianClient.NewBatch"/>, which owns the protocol and the waiter.</summary>
    internal BatchEngine(IImageApi images, TaskWaiter waiter, BatchOptions options, Action<RowOutcome> sink, IBailianLog log, TimeProvider clock)
    {
        _options = options;
        _log = log;
        _clock = clock;
        _api = images;
        _waiter = waiter;
        _calls = new SemaphoreSlim(Math.Max(1, options.ThrottleLimit));
        _queue = new ConcurrentWork<RowOutcome>(options.MaxPending, options.Ordered, outcome =>
        {
            Count(outcome);
            sink(outcome);
        });
        _started = _clock.GetUtcNow();
    }

    /// <summary>Accepts a row; waits while too many are pending, so a huge CSV is read only as fast as it is worked off.</summary>
    public Task AddAsync(BatchRow row, CancellationToken cancellationToken) =>
        _queue.AddAsync(token => RunRowAsync(row, token), cancellationToken);

    /// <summary>
    /// A row decided without a call (refused by validation, or already saved by an earlier run). One with images
    /// takes its place in the output like any other, so -Ordered holds for it too; one with only failures goes to
    /// the sink at once, even with -Ordered (it has no output to order), so that its error is written, and can stop
    /// the batch under -ErrorAction Stop, before a later row is sent.
    /// </summary>
    public void AddDecided(BatchRow row, IReadOnlyList<ImageResult> images, IReadOnlyList<BailianException> failures) =>
        _queue.AddDecided(new RowOutcome(row, images, failures), atOnce: images.Count == 0);

    /// <summary>
    /// A task an earlier run submitted for this row (from the resume journal): collected like one just
    /// submitted — written at once with -Async, else waited on — and never submitted again.
    /// </summary>
    public Task AddSubmittedAsync(BatchRow row, ImageTask task, CancellationToken cancellationToken) =>
        _queue.AddAsync(token => RunRowAsync(row, t => CollectAsync(row, task, t), token), cancellationToken);

    /// <summary>No more rows: completes once every accepted row has its outcome.</summary>
    public Task CompleteAsync() => _queue.CompleteAsync();

    /// <summary>
    /// Sends nothing more: rows not yet in a call end as Bailian.NotSent, calls in flight finish and keep
    /// their outcomes. For a batch that must stop (an error under -ErrorAction Stop) without losing what was billed.
    /// </summary>
    public void StopSending() => _stopSending.Cancel();

    /// <summary>
    /// Stops waiting on submitted tasks: their rows end without an outcome (the journal keeps their task ids, and the
    /// tasks go on running on DashScope), while create calls in flight go on. With <see cref="StopSending"/>, for a
    /// pipeline that ends early without Ctrl+C: the batch then completes as soon as the calls in flight have ended,
    /// each within its timeout, with their answers journaled instead of cut off.
    /// </summary>
    public void StopWaiting() => _stopWaiting.Cancel();

    /// <summary>Create calls in flight (sent, or about to be, and not yet answered).</summary>
    public long CallsInFlight => Interlocked.Read(ref _inCalls);

    /// <summary>Tasks submitted and still being waited on: what a stop leaves running on DashScope.</summary>
    public IReadOnlyCollection<ImageTask> WaitingTasks => [.. _waitingTasks.Values];

    public void Dispose()
    {
        _queue.Dispose();
        _stopSending.Dispose();
        _stopWaiting.Dispose();
    }

    public BatchProgress Progress()
    {
        var done = Interlocked.Read(ref _done);
        var running = Interlocked.Read(ref _running);
        var queued = _queue.Added - done - running;
        var elapsed = _clock.GetUtcNow() - _started;
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        return new BatchProgress(Math.Max(0, queued), running, done, Interlocked.Read(ref _failed),
            elapsed.TotalMinutes > 0 ? Interlocked.Read(ref _images) / elapsed.TotalMinutes : 0,
            rate > 0 ? TimeSpan.FromSeconds((queued + running) / rate) : null);
    }

    /// <summary>The gate of a (region, model), for tests and progress.</summary>
    public ModelGate GateFor(BatchRow row) => _gates.GetOrAdd(GateKey(row), _ =>
        new ModelGate(_options.ThrottleLimit, _options.RequestsPerSecond ?? row.Prepared?.Model?.SubmissionsPerSecond, _clock));

    private static string GateKey(BatchRow row) => row.Connection?.Endpoint.BaseUrl + "|" + row.Prepared?.ModelName;

    private Task<RowOutcome> RunRowAsync(BatchRow row, CancellationToken cancellationToken) =>
        RunRowAsync(row, token => ProcessAsync(row, token), cancellationToken);

    // One outcome per row, written down in the journal the moment it is known: before the queue hands it on
    // (or holds it back for -Ordered), where a stop could drop it.
    private async Task<RowOutcome> RunRowAsync(BatchRow row, Func<CancellationToken, Task<RowOutcome>> work, CancellationToken cancellationToken)
    {
        RowOutcome outcome;
        try
        {
            outcome = await work(cancellationToken).ConfigureAwait(false);
        }
        catch (BailianException error)
        {
            outcome = new RowOutcome(row, [], [error]);
        }

        if (row.JournalKey is { } key)
        {
            _options.Journal?.Finished(key, outcome);
        }

        return outcome;
    }

    private async Task<RowOutcome> CollectAsync(BatchRow row, ImageTask task, CancellationToken cancellationToken)
    {
        if (row.Prepared!.Request.Async)
        {
            return new RowOutcome(row, [], [], task);
        }

        var finished = await WaitAsync(task, row.Connection!, cancellationToken).ConfigureAwait(false);
        return new RowOutcome(row, finished.Results, TaskErrors.Of(finished));
    }

    private async Task<ImageTask> WaitAsync(ImageTask task, Connection.DashScopeConnection connection, CancellationToken cancellationToken)
    {
        _waitingTasks[task.TaskId] = task;
        using var untilStopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopWaiting.Token);
        try
        {
            return await _waiter.WaitOneAsync(new TaskToWait(task, connection), timeout: null, _options.Transport, _log, untilStopped.Token)
                .ConfigureAwait(false);
        }
        finally
        {
            _waitingTasks.TryRemove(task.TaskId, out _);
        }
    }

    private void Count(RowOutcome outcome)
    {
        Interlocked.Increment(ref _done);
        Interlocked.Add(ref _images, outcome.Images.Count);
        if (outcome.Failed)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    private async Task<RowOutcome> ProcessAsync(BatchRow row, CancellationToken cancellationToken)
    {
        var prepared = row.Prepared!;
        var connection = row.Connection!;
        var gate = GateFor(row);
        // Retry loop 2 of 4 (ARCHITECTURE.md): the batch's own, with Polly turned off for these calls.
        // It is separate because a retry here must go back through the ModelGate: a 429 (refused, so it
        // cannot bill) calls gate.Throttled and waits on the model's shared backoff with every other worker
        // (loop 4), instead of each call backing off alone; and StopSending must be able to end the wait
        // (Bailian.NotSent). It retries 429s (up to MaxRetryCount and ThrottleTimeout) and, counted apart,
        // other transient errors (5xx, calls that never left) with a plain doubling of BaseDelay: no jitter,
        // no MaxDelay cap, no Retry-After, and the gate slot is held during that pause. A call that may have
        // been accepted (OutcomeUnknown) is not transient and never sent again.
        var options = _options.Transport.WithoutRetries();
        DateTimeOffset? throttledSince = null;
        var serverFailures = 0;
        var throttles = 0;
        var ownPause = TimeSpan.Zero;
        // Waiting for a slot or a backoff ends with StopSending; a call that has started is let finish.
        using var beforeSending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopSending.Token);
        while (true)
        {
            if (ownPause > TimeSpan.Zero)
            {
                // A failed probe's 429: this call alone waits its Retry-After, out of the gate.
                await DelayUnlessStoppedAsync(ownPause, beforeSending.Token).ConfigureAwait(false);
                ownPause = TimeSpan.Zero;
            }

            var entry = await EnterUnlessStoppedAsync(gate, beforeSending.Token).ConfigureAwait(false);
            var inGate = true;
            Interlocked.Increment(ref _running);
            try
            {
                var answer = await CallAsync(row, options, beforeSending.Token, cancellationToken).ConfigureAwait(false);
                if (answer.Task is not { } task)
                {
                    gate.Succeeded(entry);
                    return new RowOutcome(row, answer.Images, []);
                }

                if (row.JournalKey is { } submitted)
                {
                    _options.Journal?.Submitted(submitted, task);
                }

                gate.Succeeded(entry);
                // Submitted: free the slot for the next row while this one is waited on with the others.
                gate.Exit(entry);
                inGate = false;
                if (prepared.Request.Async)
                {
                    return new RowOutcome(row, [], [], task);
                }

                var finished = await WaitAsync(task, connection, cancellationToken).ConfigureAwait(false);
                return new RowOutcome(row, finished.Results, TaskErrors.Of(finished));
            }
            catch (BailianException error) when (IsThrottled(error))
            {
                ownPause = gate.Throttled(entry, error.RetryAfter, ThrottleFallback);
                throttledSince ??= _clock.GetUtcNow();
                if (++throttles > _options.Transport.MaxRetryCount || _clock.GetUtcNow() - throttledSince > _options.ThrottleTimeout)
                {
                    throw;
                }

                _log.Verbose($"{row.Label} ({prepared.ModelName}) throttled; retrying after the shared backoff.");
            }
            catch (BailianException error) when (error.IsTransient && ++serverFailures <= _options.Transport.MaxRetryCount)
            {
                var pause = TimeSpan.FromTicks(_options.Transport.BaseDelay.Ticks << (serverFailures - 1));
                _log.Verbose($"{row.Label} failed ({error.Message}); retry {serverFailures} of {_options.Transport.MaxRetryCount} in {pause.TotalSeconds:0.#} s.");
                await DelayUnlessStoppedAsync(pause, beforeSending.Token).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                if (inGate)
                {
                    gate.Exit(entry);
                }
            }
        }
    }

    // The create call itself, in one of the batch's ThrottleLimit call slots (taken after the model's gate, so a
    // slot is held only by a call about to leave, never by one waiting out its model's backoff).
    private async Task<CreateAnswer> CallAsync(BatchRow row, TransportOptions options, CancellationToken beforeSending, CancellationToken cancellationToken)
    {
        try
        {
            await _calls.WaitAsync(beforeSending).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopSending.IsCancellationRequested)
        {
            throw NotSent();
        }

        Interlocked.Increment(ref _inCalls);
        try
        {
            if (row.JournalKey is { } sending)
            {
                _options.Journal?.Sending(sending);
            }

            return await _api.CreateAsync(row.Prepared!, row.Connection!, options, _log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inCalls);
            _calls.Release();
        }
    }

    // A refusal to be retried after a while (IImageApi's contract): DashScope's 429 whatever its code says, or any
    // protocol's Bailian.Throttled.
    private static bool IsThrottled(BailianException error) =>
        error.IsTransient && (error is DashScopeException { StatusCode: (HttpStatusCode)429 } || error.ErrorId == ErrorIds.Throttled);

    private async Task<GateEntry> EnterUnlessStoppedAsync(ModelGate gate, CancellationToken beforeSending)
    {
        try
        {
            return await gate.EnterAsync(beforeSending).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopSending.IsCancellationRequested)
        {
            throw NotSent();
        }
    }

    private async Task DelayUnlessStoppedAsync(TimeSpan pause, CancellationToken beforeSending)
    {
        try
        {
            await _clock.Delay(pause, beforeSending).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopSending.IsCancellationRequested)
        {
            throw NotSent();
        }
    }

    // The message leaves the row out: an error record of a row is prefixed with "Row N: " where it is written.
    private static BailianException NotSent() => new(ErrorIds.NotSent, BailianErrorCategory.OperationStopped,
        "Not sent: the batch stopped at an earlier error.");
}
