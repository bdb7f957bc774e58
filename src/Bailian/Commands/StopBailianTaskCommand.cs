using System.Management.Automation;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Cancels DashScope tasks that are still PENDING.</para>
/// <para type="description">DashScope cancels only tasks that have not started; for any other state the error says which state it is in.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "BailianTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class StopBailianTaskCommand : ApiCommandBase
{
    /// <summary>The task id; bound from the TaskId of piped ImageTask objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("task_id", "Id")]
    public string TaskId { get; set; } = "";

    /// <summary>The piped object, for its endpoint and model.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        var task = TaskInputs.From(InputObject, TaskId, out var own);
        if (!ShouldProcess($"task {task.TaskId}" + (task.Model is null ? "" : $" ({task.Model})"), "Cancel"))
        {
            return;
        }

        var connection = ResolveConnection(task, own ? task : null);
        try
        {
            RunWork(async (pump, token) =>
            {
                await Client.CancelTaskAsync(task, connection, TransportOptions, pump, token).ConfigureAwait(false);
                return true;
            });
            WriteVerbose($"Task {task.TaskId} canceled.");
        }
        catch (BailianException error)
        {
            WriteBailianError(error, task);
        }
    }
}
