using System.Management.Automation;
using Bailian.Batch;
using Bailian.Generation;
using Bailian.Input;

namespace Bailian.Commands;

/// <summary>
/// The batch of New-BailianImage or Edit-BailianImage, from BeginProcessing to Dispose: each prepared row is
/// passed on (an earlier run saved or generated it), counted (-WhatIf declines it) or sent through Core's
/// <see cref="BatchEngine"/> at the account's limits; outcomes are written as they arrive, with the row's
/// columns, progress while the pipeline thread waits, and the -WhatIf tally at the end.
/// </summary>
internal sealed class GenerationBatch : IDisposable
{
    private readonly ImageCommandBase _cmdlet;
    private readonly HashSet<string> _warned = [];
    private readonly WhatIfTally _tally = new();
    private readonly ResumeFolder? _resume;
    private readonly bool _resendOutcomeUnknown;
    private readonly BatchRun<RowOutcome> _run;
    private readonly BatchEngine _engine;
    private bool _stoppingAtError;
    private bool _endedEarly;
    private bool _completed;
    private DateTime _nextProgress = DateTime.MinValue;

    /// <param name="resumeFrom">The -ResumeFrom folder as given (a PowerShell path), or null.</param>
    public GenerationBatch(ImageCommandBase cmdlet, int throttleLimit, bool ordered, string? resumeFrom, bool resendOutcomeUnknown)
    {
        _cmdlet = cmdlet;
        _resendOutcomeUnknown = resendOutcomeUnknown;
        if (resumeFrom is not null)
        {
            _resume = OpenResumeFolder(resumeFrom);
        }

        _run = new BatchRun<RowOutcome>(cmdlet, WriteOutcome, WriteBatchProgress);
        _engine = cmdlet.Client.NewBatch(new BatchOptions
        {
            ThrottleLimit = throttleLimit, Ordered = ordered, Transport = cmdlet.TransportOptions, Journal = _resume?.Journal,
        }, _run.Sink, _run.Pump);
        _run.Use(_engine, _engine.CompleteAsync);
    }

    private ResumeFolder OpenResumeFolder(string resumeFrom)
    {
        ResumeFolder? resume = null;
        var path = "";
        try
        {
            path = _cmdlet.FileSystemPath(resumeFrom, ErrorIds.PathNotFolder, "-ResumeFrom");
            resume = ResumeFolder.Open(path, readOnly: WhatIfRequested);
        }
        catch (BailianException error)
        {
            _cmdlet.ThrowBailianError(error, resumeFrom);
        }

        if (!resume!.Existed)
        {
            _cmdlet.WriteWarning($"{path} does not exist: there is nothing to resume{(WhatIfRequested ? "" : "; it is created for this run's journal")}. Check the path if you meant an earlier run's folder.");
        }
        else if (!resume.HasAnything)
        {
            _cmdlet.WriteWarning($"Nothing in {path} can be resumed: it holds no journal and no sidecar files of Save-BailianImage -Metadata, so every row will be generated (and billed).");
        }

        return resume;
    }

    /// <summary>No more rows: writes every outcome as it comes, then the -WhatIf tally.</summary>
    public void Complete()
    {
        _run.Complete();
        _completed = true;
        _cmdlet.WriteProgress(new ProgressRecord(1, "Generating images", "Done") { RecordType = ProgressRecordType.Completed });
        if (WhatIfRequested && !_tally.IsEmpty)
        {
            // Shown like Write-Host, and like it capturable (6>&1) by scripts that want the numbers.
            _cmdlet.WriteInformation(new HostInformationMessage { Message = _tally.Summary(_resume?.Path) }, ["PSHOST"]);
        }
    }

    /// <summary>Tasks submitted and still being waited on: read before a stop cancels the waits.</summary>
    public IReadOnlyCollection<ImageTask> WaitingTasks => _engine.WaitingTasks;

    /// <summary>On Ctrl+C the tasks already submitted go on running (and are billed): says which, so they can be collected.</summary>
    public void Stopped(IReadOnlyCollection<ImageTask> running)
    {
        // Written to the host: the pipeline is stopping and takes no more records. A host without a UI shows nothing.
        if (running.Count > 0)
        {
            _cmdlet.Host?.UI?.WriteWarningLine($"Stopped. {running.Count} submitted task(s) go on running on DashScope; collect them with " +
                $"{string.Join(", ", running.Select(t => $"'{t.TaskId}'"))} | Get-BailianTask -Wait" +
                (_resume is null ? "" : $", or rerun with -ResumeFrom {_resume.Path}") + ".");
        }
    }

    /// <summary>
    /// Called however the pipeline ends, before the command's token is cancelled. When it ended before the batch did
    /// (<paramref name="byCtrlC"/>, or a command downstream such as Select-Object -First stopped it, or failed), nothing
    /// more is sent. Without Ctrl+C and with -ResumeFrom, the create calls in flight, which may be billed, are let end,
    /// each within -TimeoutSec, so that their answers go into the journal for a rerun instead of being cut off and
    /// listed as Bailian.OutcomeUnknown; submitted tasks are not waited on (the journal has them).
    /// </summary>
    public void EndEarly(bool byCtrlC)
    {
        if (_completed || _stoppingAtError)
        {
            return;
        }

        _endedEarly = true;
        var waiting = _engine.WaitingTasks;
        _engine.StopSending();
        if (byCtrlC)
        {
            return; // StopProcessing has said which tasks go on running
        }

        Stopped(waiting);
        var inFlight = _engine.CallsInFlight;
        if (_resume is null)
        {
            if (inFlight > 0)
            {
                _cmdlet.Host?.UI?.WriteWarningLine($"The pipeline stopped with {inFlight} create call(s) in flight: they are cut off, " +
                    "and DashScope may bill them. With -ResumeFrom, a batch stopped this way lets them end and keeps their images for a rerun.");
            }

            return;
        }

        if (inFlight > 0)
        {
            _cmdlet.Host?.UI?.WriteWarningLine($"The pipeline stopped: letting {inFlight} create call(s) in flight end (each within -TimeoutSec), " +
                $"so that their images go into the journal in {_resume.Path}.");
        }

        _engine.StopWaiting();
        _run.Finish(limit: null);
    }

    /// <summary>Stopped early: the cancelled calls end quickly; they write their journal lines before it closes.</summary>
    public void Dispose()
    {
        _run.Finish(TimeSpan.FromSeconds(10));
        if (_endedEarly && _resume is not null && UnwrittenImages() is > 0 and var images)
        {
            _cmdlet.Host?.UI?.WriteWarningLine($"{images} image(s) generated after the pipeline stopped were not written out. " +
                $"The journal keeps them: rerun with -ResumeFrom {_resume.Path} to have them without paying again.");
        }

        _run.Dispose();
        _resume?.Dispose();
    }

    // The outcomes that arrived after the pipeline stopped taking output: counted, since they can no longer be written.
    private int UnwrittenImages()
    {
        var images = 0;
        _run.Pump.DrainAvailable(message => images += message.Payload is RowOutcome outcome ? outcome.Images.Count : 0);
        return images;
    }

    /// <summary>
    /// Hands a prepared row to the batch: skipped when an earlier run saved it, counted when -WhatIf
    /// declines it, else sent at the account's limits. Outcomes are written as they arrive.
    /// </summary>
    public void Submit(PreparedGeneration prepared, InputRow row, object target)
    {
        if (_stoppingAtError)
        {
            return; // an earlier row's error stops the batch: nothing more is sent
        }

        var carried = row.OtherColumns(InputRows.ParameterNames(_cmdlet.MyInvocation.MyCommand)).ToList();
        var decision = _resume?.Decide(prepared) ?? new ResumeDecision(ResumeAction.Send, null);
        var batchRow = new BatchRow(row.Number, prepared, null, target) { Columns = carried, JournalKey = decision.JournalKey };
        switch (decision.Action)
        {
            case ResumeAction.Saved or ResumeAction.Generated:
                _tally.Add(decision.Action);
                _engine.AddDecided(batchRow, decision.Images, []);
                break;
            case ResumeAction.MaybeBilled when !_resendOutcomeUnknown:
                _tally.Add(decision.Action);
                _engine.AddDecided(batchRow, [], [decision.MaybeBilledError()]);
                break;
            case ResumeAction.Submitted:
                _tally.Add(decision.Action);
                if (!WhatIfRequested)
                {
                    var connection = _cmdlet.ResolveConnection(target, decision.Task);
                    _run.Wait(_engine.AddSubmittedAsync(batchRow with { Connection = connection }, decision.Task!, _cmdlet.StopToken));
                }

                break;
            default:
                if (decision.Warning is { } warning)
                {
                    _cmdlet.WriteWarning($"{batchRow.Label}: {warning}");
                }

                Send(prepared, batchRow, target);
                break;
        }

        _run.Drain();
    }

    // Every check that needs no network comes before ShouldProcess, so -WhatIf reports what the real run would.
    private void Send(PreparedGeneration prepared, BatchRow batchRow, object target)
    {
        var endpoint = _cmdlet.ResolveEndpoint(target);
        // Warned here, where the endpoint is known: a gateway words them its own way. A row resumed from an earlier run is not sent, nor warned about.
        foreach (var warning in Client.BailianClient.Warnings(prepared, endpoint).Where(_warned.Add))
        {
            _cmdlet.WriteWarning(warning);
        }

        _cmdlet.Client.CheckEndpoint(prepared, endpoint);
        if (!_cmdlet.ShouldProcess(Client.BailianClient.WhatIfText(prepared, endpoint), "Generate (billed per image)"))
        {
            _tally.Add(ResumeAction.Send, prepared.Count);
            return;
        }

        _run.Wait(_engine.AddAsync(batchRow with { Connection = _cmdlet.ResolveConnection(target) }, _cmdlet.StopToken));
    }

    /// <summary>
    /// A row refused before sending: its error is written now, before the next row is read, so -ErrorAction Stop
    /// stops the batch before anything after it is sent.
    /// </summary>
    public void Refuse(BailianException error, InputRow row, object target)
    {
        _engine.AddDecided(new BatchRow(row.Number, null, null, target), [], [error]);
        _run.Drain();
    }

    private void WriteOutcome(RowOutcome outcome)
    {
        if (outcome.Task is { } task)
        {
            _cmdlet.WriteObject(InputRows.WithColumns(task, task.Columns, outcome.Row.Columns));
        }

        foreach (var image in outcome.Images)
        {
            _cmdlet.WriteObject(InputRows.WithColumns(image, image.Columns, outcome.Row.Columns));
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
        if (_stoppingAtError)
        {
            _cmdlet.WriteWarning($"{(row.Number is { } n ? $"Row {n}: " : "")}{failure.Message}");
            return;
        }

        try
        {
            _cmdlet.WriteBailianError(failure, row.Target, row.Number);
        }
        // Windows PowerShell throws ActionPreferenceStopException here; pwsh 7 records the error and throws
        // PipelineStoppedException (which Ctrl+C also throws, but after cancelling StopToken).
        catch (Exception stop) when (stop is ActionPreferenceStopException or PipelineStoppedException && !_cmdlet.StopToken.IsCancellationRequested)
        {
            _stoppingAtError = true;
            _engine.StopSending();
            _run.Complete(quietly: true);
            throw;
        }
    }

    private bool WhatIfRequested =>
        _cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) && value is SwitchParameter { IsPresent: true }
        || _cmdlet.GetVariableValue("WhatIfPreference") is true or SwitchParameter { IsPresent: true };

    private void WriteBatchProgress()
    {
        var progress = _engine.Progress();
        var total = progress.Queued + progress.Running + progress.Done;
        if (total < 2 || DateTime.UtcNow < _nextProgress)
        {
            return;
        }

        _nextProgress = DateTime.UtcNow.AddMilliseconds(500);
        _cmdlet.WriteProgress(new ProgressRecord(1, "Generating images",
            $"{progress.Done} of {total} done, {progress.Running} running, {progress.Queued} queued, {progress.Failed} failed; {progress.ImagesPerMinute:0.#} images/min")
        {
            PercentComplete = (int)(progress.Done * 100 / total),
            SecondsRemaining = progress.Remaining is { } remaining ? (int)remaining.TotalSeconds : -1,
        });
    }
}
