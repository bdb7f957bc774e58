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
using Bailian.Pipeline;
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

    /// <summary>A folder saved into by an earlier run with Save-BailianImage -Metadata: rows whose images are all there are not sent (nor billed) again.</summary>
    [Parameter]
    public string? ResumeFrom { get; set; }

    private PipelineBinder? _binder;
    private WorkPump? _pump;
    private BatchEngine? _engine;
    private SavedImages? _saved;
    private string _resumeFolder = "";
    private long _declined;
    private long _declinedImages;
    private long _alreadySaved;
    private DateTime _nextProgress = DateTime.MinValue;

    /// <summary>Objects of other commands (files, our results and tasks) and what each may set here by property name.</summary>
    private protected abstract IReadOnlyList<PipedType> PipedTypes { get; }

    protected override void BeginProcessing()
    {
        _binder = new PipelineBinder(this, PipedTypes);
        _pump = new WorkPump();
        _engine = new BatchEngine(DashScopeTransport.Shared,
            new BatchOptions { ThrottleLimit = ThrottleLimit, Ordered = Ordered, Transport = TransportOptions },
            outcome => _pump.Output(outcome), _pump);
        if (ResumeFrom is not null)
        {
            _resumeFolder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ResumeFrom);
            try
            {
                _saved = SavedImages.Load(_resumeFolder);
            }
            catch (BailianConfigurationException error)
            {
                ThrowBailianError(error, ResumeFrom);
            }

            WriteVerbose($"{_saved!.RowCount} saved row(s) found in {_resumeFolder}.");
            if (_saved.RowCount == 0)
            {
                WriteWarning($"Nothing in {_resumeFolder} can be resumed: it has no sidecar files of Save-BailianImage -Metadata, so every row will be generated (and billed).");
            }
        }
    }

    protected override void EndProcessing()
    {
        WaitOnBatch(_pump!, _engine!.CompleteAsync(), WriteBatchProgress);
        WriteProgress(new ProgressRecord(1, "Generating images", "Done") { RecordType = ProgressRecordType.Completed });
        if (WhatIfRequested && (_declined > 0 || _alreadySaved > 0))
        {
            // Shown like Write-Host, and like it capturable (6>&1) by scripts that want the numbers.
            var summary = $"What if: {_declined} row(s) would be billed ({_declinedImages} image(s)); " +
                          $"{_alreadySaved} row(s) are already saved{(_resumeFolder.Length > 0 ? " in " + _resumeFolder : "")}.";
            WriteInformation(new HostInformationMessage { Message = summary }, ["PSHOST"]);
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
        foreach (var warning in prepared.Warnings.Where(_warned.Add))
        {
            WriteWarning(warning);
        }

        var carried = row.OtherColumns(InputRows.ParameterNames(MyInvocation.MyCommand)).ToList();
        var batchRow = new BatchRow(row.IsText ? 0 : row.Number ?? 0, prepared, null, target) { Columns = carried };
        if (_saved?.Find(prepared.RowKey, prepared.Count) is { } done)
        {
            _alreadySaved++;
            _engine!.AddDecided(batchRow, done, []);
            _pump!.DrainAvailable(WriteMessage);
            return;
        }

        // Every check that needs no network comes before ShouldProcess, so -WhatIf reports what the real run would.
        prepared.CheckEndpoint(ResolveEndpoint(target));
        if (!ShouldProcess(prepared.Describe(), "Generate (billed per image)"))
        {
            _declined++;
            _declinedImages += prepared.Count;
        }
        else
        {
            WaitOnBatch(_pump!, _engine!.AddAsync(batchRow with { Connection = ResolveConnection(target) }, StopToken), WriteBatchProgress);
        }

        _pump!.DrainAvailable(WriteMessage);
    }

    /// <summary>A row refused before sending: its error takes its place among the outcomes.</summary>
    protected void Refuse(BailianException error, InputRow row, object target) =>
        _engine!.AddDecided(new BatchRow(row.IsText ? 0 : row.Number ?? 0, null, null, target), [], [error]);

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
            WriteBailianError(failure, outcome.Row.Target, outcome.Row.Number > 0 ? (int)outcome.Row.Number : null);
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
