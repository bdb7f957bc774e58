using System.Management.Automation;
using Bailian.Input;
using Bailian.Work;
using Bailian.Tasks;

namespace Bailian.Commands;

/// <summary>Turns what reached a task cmdlet into an ImageTask, and a finished task into pipeline output.</summary>
internal static class TaskInputs
{
    /// <summary>
    /// An ImageTask as it is, an ImageResult's task, or a bare id (with whatever the object says about it).
    /// <paramref name="own"/> says whether the object is one of this module's (an ImageTask or ImageResult), whose
    /// region and endpoint may choose where the task is queried. Another object's Region only describes the task: a data
    /// row never chooses the connection (design.md, "Objects from other commands").
    /// </summary>
    public static ImageTask From(PSObject? input, string taskId, out bool own)
    {
        own = input?.BaseObject is ImageTask or ImageResult;
        switch (input?.BaseObject)
        {
            case ImageTask task:
                return task;
            case ImageResult result:
                return new ImageTask
                {
                    TaskId = result.TaskId ?? taskId, Model = NullIfEmpty(result.Model), Region = result.Region, Endpoint = result.Endpoint,
                    Prompt = result.Prompt, NegativePrompt = result.NegativePrompt, Name = result.Name, Size = result.Size,
                    Seed = result.Seed, Columns = result.Columns,
                };
            default:
                var fields = new ImageFields(name => input is null || input.BaseObject is string ? null : input.Properties[name]?.Value)
                    .ToImageResult("");
                var region = input is null || input.BaseObject is string ? null : input.Properties["Region"]?.Value?.ToString();
                return new ImageTask
                {
                    TaskId = taskId, Model = NullIfEmpty(fields.Model), Region = NullIfEmpty(region ?? ""), Prompt = NullIfEmpty(fields.Prompt), Name = fields.Name,
                };
        }
    }

    /// <summary>
    /// Writes a finished task: the task itself when it made images (they are in its Results), and one
    /// error per failure — the whole task, or each image of a partial success.
    /// </summary>
    public static void Report(ImageTask task, WorkPump pump)
    {
        if (task.Results.Count > 0)
        {
            pump.Output(InputRows.WithColumns(task, task.Columns));
        }

        foreach (var error in TaskErrors.Of(task))
        {
            pump.Error(error, task);
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
