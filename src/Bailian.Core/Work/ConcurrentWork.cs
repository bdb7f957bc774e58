namespace Bailian.Work;

/// <summary>
/// Runs pieces of work concurrently and hands each outcome to a sink as it completes, or in the order
/// the work was added. Adding waits while too many are pending, so a long input is read only as fast
/// as it is worked off. Each piece must turn its failures into an outcome: one in, one out.
/// </summary>
public sealed class ConcurrentWork<TOutcome> : IDisposable
{
    private readonly SemaphoreSlim _pending;
    private readonly bool _ordered;
    private readonly Action<TOutcome> _sink;
    private readonly SortedDictionary<long, TOutcome> _waiting = [];
    private readonly HashSet<long> _deliveredEarly = [];
    private readonly TaskCompletionSource<bool> _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _added;
    private long _nextOut = 1;
    private int _outstanding = 1; // the adding side holds one until CompleteAsync

    public ConcurrentWork(int maxPending, bool ordered, Action<TOutcome> sink)
    {
        _pending = new SemaphoreSlim(maxPending);
        _ordered = ordered;
        _sink = sink;
    }

    public long Added => Interlocked.Read(ref _added);

    public async Task AddAsync(Func<CancellationToken, Task<TOutcome>> work, CancellationToken cancellationToken)
    {
        await _pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        var sequence = Interlocked.Increment(ref _added);
        Interlocked.Increment(ref _outstanding);
        _ = RunAsync(sequence, work, cancellationToken);
    }

    /// <summary>
    /// An outcome known without any work. It takes its place in the order, unless <paramref name="atOnce"/>: then
    /// it goes to the sink now, even when ordered, and its place is left empty (an outcome with nothing to keep in
    /// order, such as a row's error, which must be seen before a later row is sent).
    /// </summary>
    public void AddDecided(TOutcome outcome, bool atOnce = false)
    {
        var sequence = Interlocked.Increment(ref _added);
        Interlocked.Increment(ref _outstanding);
        if (atOnce && _ordered)
        {
            lock (_waiting)
            {
                _sink(outcome);
                _deliveredEarly.Add(sequence);
                DeliverInOrder();
            }
        }
        else
        {
            Deliver(sequence, outcome);
        }

        Release();
    }

    /// <summary>No more work: completes once every outcome is delivered.</summary>
    public Task CompleteAsync()
    {
        Release();
        return _drained.Task;
    }

    public void Dispose() => _pending.Dispose();

    private async Task RunAsync(long sequence, Func<CancellationToken, Task<TOutcome>> work, CancellationToken cancellationToken)
    {
        try
        {
            Deliver(sequence, await work(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopped (Ctrl+C), or the work itself abandoned (a batch that stops waiting on its tasks): the pipeline is
            // going away; nothing more to deliver. Work turns every other failure into an outcome.
        }
        finally
        {
            _pending.Release();
            Release();
        }
    }

    // Delivered under the lock: two outcomes finishing together must not pass each other on the way out.
    private void Deliver(long sequence, TOutcome outcome)
    {
        if (!_ordered)
        {
            _sink(outcome);
            return;
        }

        lock (_waiting)
        {
            _waiting[sequence] = outcome;
            DeliverInOrder();
        }
    }

    // Under the lock: hands on every outcome whose turn has come, passing over places already delivered early.
    private void DeliverInOrder()
    {
        while (true)
        {
            if (_waiting.TryGetValue(_nextOut, out var next))
            {
                _waiting.Remove(_nextOut++);
                _sink(next);
            }
            else if (_deliveredEarly.Remove(_nextOut))
            {
                _nextOut++;
            }
            else
            {
                return;
            }
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _drained.TrySetResult(true);
        }
    }
}
