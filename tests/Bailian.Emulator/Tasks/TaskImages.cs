namespace Bailian.Emulator.Tasks;

/// <summary>How a finished task's images came out: the last <see cref="Failed"/> of them failed with one code and message.</summary>
/// <param name="Total">The task's <c>n</c>.</param>
/// <param name="Failed">How many failed; always the last ones.</param>
/// <param name="Code">The failed images' (or the task's) error code; null when nothing failed.</param>
/// <param name="Message">Its message.</param>
internal readonly record struct TaskImages(int Total, int Failed, string? Code, string? Message)
{
    public int Succeeded => Total - Failed;

    public static TaskImages Of(int total, TaskOutcome? outcome) => outcome switch
    {
        FailedTask task => new(total, total, task.Code, task.Message),
        FailedImages images => new(total, Math.Min(images.Count, total), images.Code, images.Message),
        FilteredImages => new(total, total, FilteredImages.Code, FilteredImages.Message),
        _ => new(total, 0, null, null),
    };
}
