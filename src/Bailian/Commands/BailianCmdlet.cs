using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Pipeline;

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

    /// <summary>Runs Core work to completion on the pipeline thread's behalf.</summary>
    protected T RunWork<T>(Func<IBailianLog, CancellationToken, Task<T>> work)
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
        if (message.Kind == PumpMessageKind.Warning)
        {
            WriteWarning(message.Text);
        }
        else
        {
            WriteVerbose(message.Text);
        }
    }
}
