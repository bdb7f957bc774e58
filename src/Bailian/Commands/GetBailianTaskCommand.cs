using System.Management.Automation;
using Bailian.Completers;
using Bailian.Connection;
using Bailian.Tasks;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Queries DashScope tasks, waits for them, or lists the account's tasks.</para>
/// <para type="description">With -TaskId (or ImageTask/ImageResult objects from the pipeline) it reports each task; with -Wait it
/// waits on all of them at once and writes each as it finishes; without -TaskId it lists the account's tasks.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BailianTask", DefaultParameterSetName = ListSet)]
[OutputType(typeof(ImageTask))]
public sealed class GetBailianTaskCommand : ApiCommandBase
{
    private const string ByIdSet = "ById";
    private const string ListSet = "List";
    private readonly List<TaskToWait> _toWait = [];
    private bool _waiting;

    /// <summary>The task id; bound from the TaskId of piped ImageTask or ImageResult objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("task_id", "Id")]
    public string TaskId { get; set; } = "";

    /// <summary>Wait until the tasks finish (all at once), writing each as it does; -TimeoutSec then bounds the whole wait.</summary>
    [Parameter(ParameterSetName = ByIdSet)]
    public SwitchParameter Wait { get; set; }

    /// <summary>List only tasks in these states. One is the API's own filter (API doc §4.3 takes one status); several are picked here from one listing.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateSet("PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED", IgnoreCase = true)]
    public string[] Status { get; set; } = [];

    /// <summary>List only tasks of this model.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string? Model { get; set; }

    /// <summary>List tasks submitted after this time (default: 24 hours before -Before). Longer ranges are split for the API.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public DateTime? After { get; set; }

    /// <summary>List tasks submitted before this time (default: now).</summary>
    [Parameter(ParameterSetName = ListSet)]
    public DateTime? Before { get; set; }

    /// <summary>The piped object, to keep its prompt, name and columns with the task.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true, ParameterSetName = ByIdSet)]
    public PSObject? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ListSet)
        {
            return;
        }

        var task = TaskInputs.From(InputObject, TaskId, out var own);
        var connection = ResolveConnection(task, own ? task : null);
        if (Wait)
        {
            _toWait.Add(new TaskToWait(task, connection));
            return;
        }

        try
        {
            var current = RunWork((log, token) => Client.QueryTaskAsync(task, connection, TransportOptions, log, token));
            WriteObject(InputRows.WithColumns(current, current.Columns));
        }
        catch (BailianException error)
        {
            WriteBailianError(error, task);
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == ListSet)
        {
            List();
        }
        else if (_toWait.Count > 0)
        {
            WaitForAll();
        }
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        if (_waiting)
        {
            // The pipeline is stopping, so this is the last chance to say it.
            try
            {
                Host.UI.WriteWarningLine($"Stopped waiting; the {_toWait.Count} task(s) go on running on DashScope. Collect them later with Get-BailianTask -TaskId <id> -Wait.");
            }
            catch (Exception e) when (e is PSInvalidOperationException or NotImplementedException or InvalidOperationException)
            {
                // A host without a UI: nothing to tell.
            }
        }
    }

    private void WaitForAll()
    {
        // With -Wait, -TimeoutSec bounds the whole wait (each query is bounded by it too).
        var timeout = TimeoutSec is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        _waiting = true;
        RunWork(async (pump, token) =>
        {
            var handlers = new WaitHandlers
            {
                Finished = task => TaskInputs.Report(task, pump),
                Failed = (task, error) => pump.Error(error, task),
                Progress = pump.Progress,
            };
            await Client.WaitTasksAsync(_toWait, timeout, TransportOptions, handlers, pump, token).ConfigureAwait(false);
            return true;
        });
        _waiting = false;
    }

    private void List()
    {
        var statuses = Status.Select(s => s.ToUpperInvariant()).Distinct().ToList();
        var query = new TaskListQuery(Local(After), Local(Before), statuses.Count == 1 ? statuses[0] : null, Model);
        var connection = ResolveConnection(null);
        try
        {
            RunWork(async (pump, token) =>
            {
                await Client.ListTasksAsync(query, connection, TransportOptions, task =>
                {
                    if (statuses.Count < 2 || statuses.Contains(task.StatusText))
                    {
                        pump.Output(task);
                    }
                }, pump, token).ConfigureAwait(false);
                return true;
            });
        }
        catch (BailianException error)
        {
            WriteBailianError(error, query);
        }
    }

    // A DateTime typed at the prompt is local time unless it says otherwise.
    private static DateTimeOffset? Local(DateTime? time) =>
        time is { } value ? new DateTimeOffset(value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Local)) : null;
}
