using System.Management.Automation;
using Bailian.Client;
using Bailian.Work;
using Bailian.Download;
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

    protected internal CancellationToken StopToken => _stopping.Token;

    /// <summary>Core, as this command uses it: made in BeginProcessing (commands that override it call the base first).</summary>
    protected internal BailianClient Client { get; private set; } = null!;

    protected override void BeginProcessing() => Client = BailianClient.CreateDefault();

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
            return pump.Run(token => work(pump, token), Write, StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// Blocks the pipeline thread until a long-lived piece of work (a batch, <see cref="BatchRun{TOutcome}"/>) reaches
    /// <paramref name="task"/>, writing everything the work reports meanwhile with <paramref name="write"/> and calling
    /// <paramref name="idle"/> for progress; Ctrl+C ends the wait as a stopped pipeline.
    /// </summary>
    internal void WaitOnBatch(WorkPump pump, Task task, Action<PumpMessage> write, Action? idle)
    {
        pump.WaitFor(task, write, idle);
        if (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        task.GetAwaiter().GetResult();
    }

    /// <summary>A per-item failure: the pipeline goes on with the next item. Row numbers count pipeline input from 1.</summary>
    protected internal void WriteBailianError(BailianException error, object? target, int? rowNumber = null) =>
        WriteError(ErrorRecords.From(error, target, rowNumber));

    /// <summary>A setup failure no item can get past (no key, bad region): stops the command.</summary>
    protected internal void ThrowBailianError(BailianException error, object? target) =>
        ThrowTerminatingError(ErrorRecords.From(error, target));

    /// <summary>
    /// A path the user gave (<paramref name="naming"/>: "-Path", "Image"), resolved against PowerShell's current
    /// location to a file system path. A path of another provider (Alias:, Env:, Function:, Variable:, a registry
    /// drive) is <paramref name="errorId"/>: taken as it is, its last name would be read or written under the
    /// process's working directory.
    /// </summary>
    protected internal string FileSystemPath(string path, string errorId, string naming)
    {
        var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        return provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider)
            ? resolved
            : throw new BailianValidationException(errorId, $"{naming} '{path}' is a path of the {provider.Name} provider, not of the file system.");
    }

    /// <summary>PowerShell calls this when the pipeline ends, however it ends (even when EndProcessing never runs).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Commands release what BeginProcessing made here.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            // However the pipeline ended (Select-Object -First, another command's error), work still running stops
            // here. The source is cancelled but not disposed: background work may still be looking at its token.
            _stopping.Cancel();
        }
    }

    private void Write(PumpMessage message)
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
            case PumpMessageKind.Progress when message.Payload is DownloadProgress download:
                WriteProgress(DownloadProgressRecord(download));
                break;
            case PumpMessageKind.Progress when message.Payload is SaveProgress save:
                WriteProgress(SaveProgressRecord(save));
                break;
            default:
                WriteVerbose(message.Text);
                break;
        }
    }

    /// <summary>Writes a message from the work as it would be written by <see cref="RunWork{T}"/>.</summary>
    internal void WriteMessage(PumpMessage message) => Write(message);

    /// <summary>The activity id of a command's one bar for its whole batch.</summary>
    protected const int BatchActivityId = 1;

    /// <summary>The batch's bar of Save-BailianImage: "12 of 40 files" (of those handed over so far).</summary>
    protected static ProgressRecord SaveProgressRecord(SaveProgress progress) =>
        new(BatchActivityId, "Saving images", $"{progress.Finished} of {progress.Total} files")
        {
            PercentComplete = progress.Total == 0 ? 0 : progress.Finished * 100 / progress.Total,
        };

    // Each large download gets its own bar, under the batch's, named by its file.
    private static ProgressRecord DownloadProgressRecord(DownloadProgress progress) =>
        new(2 + (Label(progress).GetHashCode() & 0x3FFFFFFF) % 100000, "Downloading " + Label(progress),
            $"{progress.Bytes / 1048576.0:0.0} MB" + (progress.Total is { } total ? $" of {total / 1048576.0:0.0} MB" : ""))
        {
            ParentActivityId = 1,
            PercentComplete = progress.Total is > 0 ? (int)(progress.Bytes * 100 / progress.Total.Value) : -1,
        };

    private static string Label(DownloadProgress progress) =>
        progress.FileName.Length > 0 ? progress.FileName : System.IO.Path.GetFileName(new Uri(progress.Url).AbsolutePath);

    private static ProgressRecord WaitProgressRecord(WaitProgress progress) =>
        new(1, "Waiting for DashScope tasks (Ctrl+C stops waiting; the tasks go on running on DashScope)",
            $"{progress.Finished} of {progress.Total} done, {progress.Running} running, {progress.Pending} pending")
        {
            PercentComplete = progress.Total == 0 ? 100 : progress.Finished * 100 / progress.Total,
            RecordType = progress.Finished == progress.Total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
}
