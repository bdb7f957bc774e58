namespace Bailian.Tasks;

/// <summary>
/// The errors a finished task stands for, one per failure: a FAILED or CANCELED task, an UNKNOWN id,
/// each failed image of a partial success, and a success that produced no image at all.
/// </summary>
public static class TaskErrors
{
    public static IReadOnlyList<BailianException> Of(ImageTask task)
    {
        var where = $"Task {task.TaskId}" + (string.IsNullOrEmpty(task.Model) ? "" : $" ({task.Model})");
        switch (task.Status)
        {
            case ImageTaskStatus.Failed:
                return [Failure(task.ErrorCode, $"{where} failed: {task.ErrorCode} {task.ErrorMessage}".TrimEnd())];
            case ImageTaskStatus.Canceled:
                return [new BailianException(ErrorIds.TaskCanceled, BailianErrorCategory.OperationStopped, $"{where} was canceled; it made no images.")];
            case ImageTaskStatus.Unknown:
                return [new BailianException(ErrorIds.TaskUnknown, BailianErrorCategory.ObjectNotFound,
                    $"{where} is UNKNOWN to DashScope: the id does not exist in this region, or the task is older than 24 hours.")];
            case ImageTaskStatus.Succeeded:
                var items = task.FailedImages
                    .Select(item => Failure(item.Code, $"{where}: image {item.Index} failed: {item.Code} {item.Message}".TrimEnd()))
                    .ToList();
                if (task.Results.Count == 0 && items.Count == 0)
                {
                    items.Add(new BailianException(ErrorIds.NoImages, BailianErrorCategory.InvalidResult, $"{where} succeeded without any image."));
                }

                return items;
            default:
                return [];
        }
    }

    private static BailianException Failure(string? code, string message) => code switch
    {
        "DataInspectionFailed" or "IPInfringementSuspect" => new BailianException(ErrorIds.ContentFiltered, BailianErrorCategory.InvalidArgument, message),
        _ => new BailianException(ErrorIds.TaskFailed, BailianErrorCategory.InvalidResult, message),
    };
}
