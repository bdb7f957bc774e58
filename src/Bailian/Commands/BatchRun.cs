using Bailian.Work;

namespace Bailian.Commands;

/// <summary>
/// The pipeline thread's side of one of Core's batches (a <see cref="Batch.BatchEngine"/> or a
/// <see cref="Download.SaveBatch"/>): the pump the batch reports to, with its outcomes typed — each
/// <typeparamref name="TOutcome"/> goes to the command's writer, everything else (messages, errors,
/// progress) is written as <see cref="BailianCmdlet"/> writes it — waits that keep writing meanwhile, and
/// the batch's end: completed in EndProcessing, or finished and disposed however the pipeline ends.
/// </summary>
internal sealed class BatchRun<TOutcome> : IDisposable
    where TOutcome : class
{
    private readonly BailianCmdlet _cmdlet;
    private readonly Action<TOutcome> _write;
    private readonly Action? _progress;
    private IDisposable? _batch;
    private Func<Task> _complete = () => Task.CompletedTask;
    private Task? _completion;

    /// <param name="write">Writes one outcome, on the pipeline thread.</param>
    /// <param name="progress">Called on the pipeline thread while it waits, to show the batch's progress.</param>
    public BatchRun(BailianCmdlet cmdlet, Action<TOutcome> write, Action? progress = null)
    {
        _cmdlet = cmdlet;
        _write = write;
        _progress = progress;
    }

    /// <summary>Where the batch reports (its log): read on the pipeline thread.</summary>
    public WorkPump Pump { get; } = new();

    /// <summary>The batch's sink: hands an outcome from a worker thread to the pipeline thread.</summary>
    public void Sink(TOutcome outcome) => Pump.Output(outcome);

    /// <summary>The batch this run ends: <paramref name="complete"/> says no more items come, and it is disposed with the run.</summary>
    public void Use(IDisposable batch, Func<Task> complete)
    {
        _batch = batch;
        _complete = complete;
    }

    /// <summary>Waits for a step of the batch (an item accepted), writing what arrives meanwhile and the progress.</summary>
    public void Wait(Task step) => _cmdlet.WaitOnBatch(Pump, step, Write, _progress);

    /// <summary>Writes what has arrived, without waiting.</summary>
    public void Drain() => Pump.DrainAvailable(Write);

    /// <summary>No more items: waits until every one has its outcome, writing them (with the progress, unless <paramref name="quietly"/>).</summary>
    public void Complete(bool quietly = false) => _cmdlet.WaitOnBatch(Pump, Completion, Write, quietly ? null : _progress);

    /// <summary>
    /// The pipeline ended without <see cref="Complete"/>, or during it: lets the batch end (at most <paramref name="limit"/>;
    /// null waits as long as it takes) so what it owes is done — journal lines written, images saved —
    /// though nothing can be written to the pipeline any more.
    /// </summary>
    public void Finish(TimeSpan? limit)
    {
        var ended = Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        if (limit is { } most)
        {
            ended.Wait(most);
        }
        else
        {
            ended.Wait();
        }
    }

    // The batch is told once that no more items come, however many of Complete and Finish run.
    private Task Completion => _completion ??= _complete();

    public void Dispose()
    {
        _batch?.Dispose();
        Pump.Dispose();
    }

    private void Write(PumpMessage message)
    {
        // The sink is the only source of output on this pump, so every output is an outcome.
        if (message is { Kind: PumpMessageKind.Output, Payload: TOutcome outcome })
        {
            _write(outcome);
        }
        else
        {
            _cmdlet.WriteMessage(message);
        }
    }
}
