using System.Management.Automation;
using Bailian.Download;
using Bailian.Http;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Downloads generated images to files, never overwriting and never leaving partial files.</para>
/// <para type="description">Takes Bailian.ImageResult objects (or anything with a Url property, or -Url), or Bailian.ImageTask objects
/// (waiting for them first when they are still running), and writes one FileInfo per saved image.</para>
/// </summary>
[Cmdlet(VerbsData.Save, "BailianImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FileInfo))]
public sealed class SaveBailianImageCommand : BailianCmdlet
{
    // What reaches this command from the pipeline comes in as InputObject alone: a string is a URL, an
    // ImageTask a task, anything else an image by its Url property. With a by-value string parameter beside
    // it, PowerShell would turn a task into its id and bind that as a URL.

    /// <summary>The image URL; bound from the Url property of piped results (or a url column). A string piped in is a URL.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("image", "image_url")]
    public string? Url { get; set; }

    /// <summary>Asynchronous tasks (from New-BailianImage -Async or Get-BailianTask): waited on if need be, then all their images saved. Tasks piped in are saved the same way.</summary>
    [Parameter]
    public ImageTask[] Task { get; set; } = [];

    /// <summary>The folder to save into (default: the current location); created when missing. Taken literally ([ ] * ? are part of the name), so -LiteralPath names it too.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = false)]
    [Alias("OutputFolder", "Directory", "LiteralPath")]
    public string? Path { get; set; }

    /// <summary>File name template (default {time}_{name}_{index}_{id}): {time}, {name}, {prompt}, {index}, {id} (unique to the image), {seed}, {model}, {size}, {taskid}, {requestid}.</summary>
    [Parameter]
    public string FileName { get; set; } = FileNameTemplate.Default;

    /// <summary>Replace an existing file instead of reporting it.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Seconds one download may take (default 300).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 300;

    /// <summary>Retries of a failed download (default 3).</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int MaxRetryCount { get; set; } = 3;

    /// <summary>Downloads at once (default 4); files are written as they complete.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Write the files in input order instead of as they complete.</summary>
    [Parameter]
    public SwitchParameter Ordered { get; set; }

    /// <summary>Write a JSON sidecar beside each image (photo.png.json): prompt, model, size, seed, ids, times, the row's columns and its resume key.</summary>
    [Parameter]
    public SwitchParameter Metadata { get; set; }

    /// <summary>The pipeline object itself: a URL, a task, or a result (for its prompt, name and index).</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    private string _folder = "";
    private int _rowNumber;
    private int? _row;
    private BatchRun<SaveOutcome>? _run;
    private SaveBatch? _batch;
    private ProviderItems? _items;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _items = new ProviderItems(path => InvokeProvider.Item.Get([path], force: true, literalPath: true)[0]);
        var run = _run = new BatchRun<SaveOutcome>(this, WriteSaved);
        _batch = Client.NewSaveBatch(ThrottleLimit, Ordered, Options, run.Sink, run.Pump, run.Pump.Progress, run.Pump.Progress);
        run.Use(_batch, _batch.CompleteAsync);
        try
        {
            FileNameTemplate.Validate(FileName);
        }
        catch (BailianException error)
        {
            ThrowBailianError(error, FileName);
        }

        // Resolved once, against PowerShell's current location (not the process's working folder). Checked here, not
        // at the first download: every command's BeginProcessing runs before any row is sent upstream, so an unusable
        // folder stops `... | New-BailianImage | Save-BailianImage` before it bills.
        try
        {
            _folder = FileSystemPath(string.IsNullOrEmpty(Path) ? "." : Path!, ErrorIds.PathNotFolder, "-Path");
            SaveFolder.Check(_folder);
        }
        catch (BailianException error)
        {
            ThrowBailianError(error, Path ?? ".");
        }
    }

    private TransportOptions Options => new() { Timeout = System.TimeSpan.FromSeconds(TimeoutSec), MaxRetryCount = MaxRetryCount };

    protected override void ProcessRecord()
    {
        _row = InputObject is null ? null : ++_rowNumber;
        switch (InputObject?.BaseObject)
        {
            case ImageTask task:
                SaveTask(task);
                return;
            case FileSystemInfo item:
                WriteBailianError(new BailianValidationException(ErrorIds.UnsupportedInput,
                    $"'{item.FullName}' is a file or folder: Save-BailianImage saves generated images (results of New-BailianImage or Edit-BailianImage, tasks, or URLs)."), item, _row);
                return;
            case string text:
                Save(ImageResults.From(null, text), text);
                return;
            case null when InputObject is null:
                SaveCommandLine();
                return;
            default:
                Save(ImageResults.From(InputObject, Url ?? ""), InputRows.SafeTarget(InputObject)!);
                return;
        }
    }

    // Without pipeline input: -Task, -Url, or nothing to do (an error rather than a silent no-op).
    private void SaveCommandLine()
    {
        if (Task.Length == 0 && string.IsNullOrEmpty(Url))
        {
            ThrowBailianError(new BailianValidationException(ErrorIds.NothingToSave,
                "Nothing to save: pipe results or tasks in, or give -Url or -Task."), null);
        }

        foreach (var task in Task)
        {
            SaveTask(task);
        }

        if (!string.IsNullOrEmpty(Url))
        {
            Save(ImageResults.From(null, Url!), Url!);
        }
    }

    protected override void EndProcessing()
    {
        _run!.Complete();
        WriteProgress(new ProgressRecord(BatchActivityId, "Saving images", "Done") { RecordType = ProgressRecordType.Completed });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _run is not null)
        {
            // The pipeline ended without EndProcessing: an earlier command's terminating error (say -ErrorAction Stop),
            // not Ctrl+C. The images handed over so far are billed: finish saving them rather than drop them.
            // Nothing can be written to the pipeline any more; the files are on disk.
            if (!StopToken.IsCancellationRequested)
            {
                _run.Finish(limit: null);
            }

            _run.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Save(ImageResult image, object target)
    {
        var job = new SaveJob(image, new DownloadTarget(_folder, "", Force), target, Metadata) { Row = _row };
        try
        {
            var stem = FileNameTemplate.Expand(FileName, image, System.DateTimeOffset.Now);
            if (!ShouldProcess(System.IO.Path.Combine(_folder, stem) + ".*", image.Bytes is { } bytes && image.Url.Length == 0 ? $"Save image data from the answer ({bytes.Length} bytes)" : $"Save image from {image.Url}"))
            {
                return;
            }

            _run!.Wait(_batch!.AddAsync(job with { Target = job.Target with { FileStem = stem } }, StopToken));
        }
        catch (BailianException error)
        {
            _batch!.AddFailed(job, error);
        }

        _run!.Drain();
    }

    private void WriteSaved(SaveOutcome outcome)
    {
        if (outcome.Error is { } error)
        {
            WriteBailianError(error, outcome.Job.TargetObject, outcome.Job.Row);
            return;
        }

        // As Get-Item writes it: a provider item with PSPath (so Remove-Item and friends take it literally,
        // [ ] included) and the file system's own views.
        var output = _items!.For(outcome.File!);
        output.Properties.Add(new PSNoteProperty("Url", outcome.Job.Image.Url));
        output.Properties.Add(new PSNoteProperty("Prompt", outcome.Job.Image.Prompt));
        output.Properties.Add(new PSNoteProperty("Model", outcome.Job.Image.Model));
        WriteObject(output);
    }

    // A task still running is waited on first (its images do not exist yet); then each image is saved.
    private void SaveTask(ImageTask task)
    {
        var finished = task;
        if (!task.IsFinished)
        {
            try
            {
                var connection = Connection.DashScopeConnection.Resolve(new Connection.ConnectionRequest(Endpoint: task.Endpoint, Region: task.Region, Protocol: Connection.ConnectionProtocol.DashScope), RunspaceSessions.Current);
                finished = RunWork((pump, token) => Client.WaitTaskAsync(new Tasks.TaskToWait(task, connection), null, Options, pump, token));
            }
            catch (BailianException error)
            {
                WriteBailianError(error, task, _row);
                return;
            }
        }

        foreach (var error in Tasks.TaskErrors.Of(finished))
        {
            WriteBailianError(error, finished, _row);
        }

        foreach (var image in finished.Results)
        {
            Save(image, finished);
        }
    }
}
