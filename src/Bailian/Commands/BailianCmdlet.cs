using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Pipeline;
using Bailian.Tasks;

namespace Bailian.Commands;

/// <summary>
/// Shared by every Bailian cmdlet: one cancellation source that Ctrl+C (StopProcessing) cancels,
/// a pump that runs Core's async work while writing its messages from the pipeline thread, and the
/// translation of Bailian errors into ErrorRecords.
/// </summary>
public abstract class BailianCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    protected CancellationToken StopToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Runs Core work to completion on the pipeline thread's behalf. The work gets the pump: a log, and a
    /// way to output objects, errors and progress that the pipeline thread then writes.
    /// </summary>
    protected T RunWork<T>(Func<WorkPump, CancellationToken, Task<T>> work)
    {
        using var pump = new WorkPump();
        try
        {
            return pump.Run(token => work(pump, token), WriteMessage, StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>A per-item failure: the pipeline goes on with the next item. Row numbers count pipeline input from 1.</summary>
    protected void WriteBailianError(BailianException error, object? target, int? rowNumber = null) =>
        WriteError(ErrorRecords.From(error, target, rowNumber));

    /// <summary>A setup failure no item can get past (no key, bad region): stops the command.</summary>
    protected void ThrowBailianError(BailianException error, object? target) =>
        ThrowTerminatingError(ErrorRecords.From(error, target));

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    private void WriteMessage(PumpMessage message)
    {
        switch (message.Kind)
        {
            case PumpMessageKind.Warning:
                WriteWarning(message.Text);
                break;
            case PumpMessageKind.Output:
                WriteObject(message.Payload);
                break;
            case PumpMessageKind.Error when message.Payload is BailianException error:
                WriteBailianError(error, message.Target);
                break;
            case PumpMessageKind.Progress when message.Payload is WaitProgress progress:
                WriteProgress(WaitProgressRecord(progress));
                break;
            default:
                WriteVerbose(message.Text);
                break;
        }
    }

    private static ProgressRecord WaitProgressRecord(WaitProgress progress) =>
        new(1, "Waiting for DashScope tasks (Ctrl+C stops waiting; the tasks go on running on DashScope)",
            $"{progress.Finished} of {progress.Total} done, {progress.Running} running, {progress.Pending} pending")
        {
            PercentComplete = progress.Total == 0 ? 100 : progress.Finished * 100 / progress.Total,
            RecordType = progress.Finished == progress.Total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
}
