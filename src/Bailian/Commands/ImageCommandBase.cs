using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Bailian.Completers;
using System.Threading.Tasks;
using Bailian.Batch;
using Bailian.Download;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Input;
using Bailian.Work;
using Bailian.Transforms;

namespace Bailian.Commands;

/// <summary>
/// The parameters New-BailianImage and Edit-BailianImage share, and the one way both send a prepared
/// request and write what comes back: images (or a task with -Async), then one error per failure.
/// </summary>
public abstract class ImageCommandBase : ApiCommandBase
{
    private readonly HashSet<string> _warned = [];
    private int _rowNumber;

    /// <summary>What to keep out of the image.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("negative_prompt")]
    [NullIfEmptyTransformation]
    public string? NegativePrompt { get; set; }

    /// <summary>The model. Get-BailianModel lists them.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    [NullIfEmptyTransformation]
    public string? Model { get; set; }

    /// <summary>Width*height, e.g. 1328*1328 (1328x1328 also works). Allowed values depend on the model.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SizeCompleter))]
    [NullIfEmptyTransformation]
    public string? Size { get; set; }

    /// <summary>Images to make (default 1; each is billed).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("n")]
    [NullIfEmptyTransformation]
    public int? Count { get; set; }

    /// <summary>0 to 2147483647; the same seed and prompt give similar images.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [NullIfEmptyTransformation]
    public long? Seed { get; set; }

    /// <summary>Let DashScope rewrite the prompt for better results (model default: on).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("prompt_extend")]
    [BooleanTransformation]
    public bool? PromptExtend { get; set; }

    /// <summary>Add the model's visible watermark (model default: off).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public bool? Watermark { get; set; }

    /// <summary>A name for the row; Save-BailianImage uses it in file names.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [NullIfEmptyTransformation]
    public string? Name { get; set; }

    /// <summary>Submit as a task and write a Bailian.ImageTask at once; collect it with Get-BailianTask -Wait.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public SwitchParameter Async { get; set; }

    /// <summary>The pipeline object itself, so its other columns travel on with the results.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Create calls in flight at once (default 4). Results are written as they complete; rows keep flowing in meanwhile.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Write results in input order instead of as they complete.</summary>
    [Parameter]
    public SwitchParameter Ordered { get; set; }

    /// <summary>
    /// A folder for this batch's journal, and the images saved there with Save-BailianImage -Metadata. Every
    /// billable call and its answer is written down there as it happens; a rerun with the same folder sends only
    /// rows never sent: it passes on saved images, downloads what was generated but not saved (while the URLs
    /// live, 24 h), collects submitted tasks, and lists the calls whose outcome is unknown instead of paying twice.
    /// </summary>
    [Parameter]
    public string? ResumeFrom { get; set; }

    /// <summary>With -ResumeFrom: send again the rows an earlier run sent without getting an answer (Bailian.OutcomeUnknown). They may be billed twice.</summary>
    [Parameter]
    public SwitchParameter ResendOutcomeUnknown { get; set; }

    private PipelineBinder? _binder;
    private WorkPump? _pump;
    private BatchEngine? _engine;
    private ResumeFolder? _resume;
    private readonly WhatIfTally _tally = new();
    private bool _stoppingAtError;
    private bool _completed;
    private DateTime _nextProgress = DateTime.MinValue;

    /// <summary>Objects of other commands (files, our results and tasks) and what each may set here by property name.</summary>
    private protected abstract IReadOnlyList<PipedType> PipedTypes { get; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _binder = new PipelineBinder(this, PipedTypes);
        _pump = new WorkPump();
        if (ResumeFrom is not null)
        {
            OpenResumeFolder(SessionState.Path.GetUnresolvedProviderPathFromPSPath(ResumeFrom));
        }

        _engine = Client.NewBatch(
            new BatchOptions { ThrottleLimit = ThrottleLimit, Ordered = Ordered, Transport = TransportOptions, Journal = _resume?.Journal },
            outcome => _pump.Output(outcome), _pump);
    }

    private void OpenResumeFolder(string path)
    {
        try
        {
            _resume = ResumeFolder.Open(path, readOnly: WhatIfRequested);
        }
        catch (BailianException error)
        {
            ThrowBailianError(error, ResumeFrom);
        }

        if (!_resume!.Existed)
        {
            WriteWarning($"{path} does not exist: there is nothing to resume{(WhatIfRequested ? "" : "; it is created for this run's journal")}. Check the path if you meant an earlier run's folder.");
        }
        else if (!_resume.HasAnything)
        {
            WriteWarning($"Nothing in {path} can be resumed: it holds no journal and no sidecar files of Save-BailianImage -Metadata, so every row will be generated (and billed).");
        }
    }

    protected override void EndProcessing()
    {
        _completed = true;
        WaitOnBatch(_pump!, _engine!.CompleteAsync(), WriteBatchProgress);
        WriteProgress(new ProgressRecord(1, "Generating images", "Done") { RecordType = ProgressRecordType.Completed });
        if (WhatIfRequested && !_tally.IsEmpty)
        {
            // Shown like Write-Host, and like it capturable (6>&1) by scripts that want the numbers.
            WriteInformation(new HostInformationMessage { Message = _tally.Summary(_resume?.Path) }, ["PSHOST"]);
        }
    }

    // On Ctrl+C the tasks already submitted go on running (and are billed): say which, so they can be collected.
    protected override void StopProcessing()
    {
        var running = _engine?.WaitingTasks ?? [];
        base.StopProcessing();
        // Written to the host: the pipeline is stopping and takes no more records. A host without a UI shows nothing.
        if (running.Count > 0)
        {
            Host?.UI?.WriteWarningLine($"Stopped. {running.Count} submitted task(s) go on running on DashScope; collect them with " +
                $"{string.Join(", ", running.Select(t => $"'{t.TaskId}'"))} | Get-BailianTask -Wait" +
                (_resume is null ? "" : $", or rerun with -ResumeFrom {_resume.Path}") + ".");
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            // Stopped early: the cancelled calls end quickly; let them write their journal lines before it closes.
            if (!_completed && _engine is not null)
            {
                _completed = true;
                _engine.CompleteAsync().Wait(TimeSpan.FromSeconds(10));
            }

            _engine?.Dispose();
            _pump?.Dispose();
            _resume?.Dispose();
        }
    }

    /// <summary>Copies the shared parameters onto a request.</summary>
    protected T Fill<T>(T request)
        where T : ImageRequest
    {
        request.NegativePrompt = NegativePrompt;
        request.Model = Model ?? request.Model;
        request.Size = Size;
        request.Count = Count;
        request.Seed = Seed;
        request.PromptExtend = PromptExtend;
        request.Watermark = Watermark;
        request.Name = Name;
        request.Async = Async;
        return request;
    }

    /// <summary>The current pipeline object as a row (numbered from 1). Every object piped in is counted, refused or not.</summary>
    protected InputRow NextRow() => InputRows.From(InputObject, ++_rowNumber);

    /// <summary>Finishes binding the current pipeline object (see <see cref="PipelineBinder"/>); throws when it cannot be used.</summary>
    protected void BindRow() => _binder!.Apply(InputObject);

    /// <summary>
    /// Hands a prepared row to the batch: skipped when an earlier run saved it, counted when -WhatIf
    /// declines it, else sent at the account's limits. Outcomes are written as they arrive.
    /// </summary>
    protected void Submit(PreparedGeneration prepared, InputRow row, object target)
    {
        if (_stoppingAtError)
        {
            return; // an earlier row's error stops the batch: nothing more is sent
        }

        foreach (var warning in prepared.Warnings.Where(_warned.Add))
        {
            WriteWarning(warning);
        }

        var carried = row.OtherColumns(InputRows.ParameterNames(MyInvocation.MyCommand)).ToList();
        var decision = _resume?.Decide(prepared) ?? new ResumeDecision(ResumeAction.Send, null);
        var batchRow = new BatchRow(row.Number ?? 0, prepared, null, target) { Columns = carried, JournalKey = decision.JournalKey };
        switch (decision.Action)
        {
            case ResumeAction.Saved or ResumeAction.Generated:
                _tally.Add(decision.Action);
                _engine!.AddDecided(batchRow, decision.Images, []);
                break;
            case ResumeAction.MaybeBilled when !ResendOutcomeUnknown:
                _tally.Add(decision.Action);
                _engine!.AddDecided(batchRow, [], [decision.MaybeBilledError()]);
                break;
            case ResumeAction.Submitted:
                _tally.Add(decision.Action);
                if (!WhatIfRequested)
                {
                    var connection = ResolveConnection(target, decision.Task);
                    WaitOnBatch(_pump!, _engine!.AddSubmittedAsync(batchRow with { Connection = connection }, decision.Task!, StopToken), WriteBatchProgress);
                }

                break;
            default:
                if (decision.Warning is { } warning)
                {
                    WriteWarning($"Row {batchRow.Number}: {warning}");
                }

                Send(prepared, batchRow, target);
                break;
        }

        _pump!.DrainAvailable(WriteMessage);
    }

    // Every check that needs no network comes before ShouldProcess, so -WhatIf reports what the real run would.
    private void Send(PreparedGeneration prepared, BatchRow batchRow, object target)
    {
        Client.CheckEndpoint(prepared, ResolveEndpoint(target));
        if (!ShouldProcess(prepared.Describe(), "Generate (billed per image)"))
        {
            _tally.Add(ResumeAction.Send, prepared.Count);
            return;
        }

        WaitOnBatch(_pump!, _engine!.AddAsync(batchRow with { Connection = ResolveConnection(target) }, StopToken), WriteBatchProgress);
    }

    /// <summary>A row refused before sending: its error takes its place among the outcomes.</summary>
    protected void Refuse(BailianException error, InputRow row, object target) =>
        _engine!.AddDecided(new BatchRow(row.Number ?? 0, null, null, target), [], [error]);

    protected override void WriteOutput(object? payload)
    {
        if (payload is not RowOutcome outcome)
        {
            base.WriteOutput(payload);
            return;
        }

        if (outcome.Task is { } task)
        {
            WriteObject(InputRows.WithColumns(task, task.Columns, outcome.Row.Columns));
        }

        foreach (var image in outcome.Images)
        {
            WriteObject(InputRows.WithColumns(image, image.Columns, outcome.Row.Columns));
        }

        foreach (var failure in outcome.Failures)
        {
            WriteFailure(failure, outcome.Row);
        }
    }

    // An error that stops the command (-ErrorAction Stop) stops the batch too: nothing more is sent, the calls in
    // flight finish and their results are written out before the error goes on — they are billed, and must not be
    // lost. Errors of those last rows are shown as warnings, since the command is already stopping.
    private void WriteFailure(BailianException failure, BatchRow row)
    {
        var number = row.Number > 0 ? (int?)row.Number : null;
        if (_stoppingAtError)
        {
            WriteWarning($"{(number is { } n ? $"Row {n}: " : "")}{failure.Message}");
            return;
        }

        try
        {
            WriteBailianError(failure, row.Target, number);
        }
        // Windows PowerShell throws ActionPreferenceStopException here; pwsh 7 records the error and throws
        // PipelineStoppedException (which Ctrl+C also throws, but after cancelling StopToken).
        catch (Exception stop) when (stop is ActionPreferenceStopException or PipelineStoppedException && !StopToken.IsCancellationRequested)
        {
            _stoppingAtError = true;
            _completed = true;
            _engine!.StopSending();
            WaitOnBatch(_pump!, _engine.CompleteAsync());
            throw;
        }
    }

    private bool WhatIfRequested =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) && value is SwitchParameter { IsPresent: true }
        || GetVariableValue("WhatIfPreference") is true or SwitchParameter { IsPresent: true };

    private void WriteBatchProgress()
    {
        var progress = _engine!.Progress();
        var total = progress.Queued + progress.Running + progress.Done;
        if (total < 2 || DateTime.UtcNow < _nextProgress)
        {
            return;
        }

        _nextProgress = DateTime.UtcNow.AddMilliseconds(500);
        WriteProgress(new ProgressRecord(1, "Generating images",
            $"{progress.Done} of {total} done, {progress.Running} running, {progress.Queued} queued, {progress.Failed} failed; {progress.ImagesPerMinute:0.#} images/min")
        {
            PercentComplete = (int)(progress.Done * 100 / total),
            SecondsRemaining = progress.Remaining is { } remaining ? (int)remaining.TotalSeconds : -1,
        });
    }
}
