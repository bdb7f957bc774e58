using System.Text.Json.Nodes;

namespace Bailian.Emulator.Tasks;

/// <summary>The bodies of <c>GET /tasks/{id}</c> (API doc §4.1), field order as in the doc's examples.</summary>
internal static class TaskResponses
{
    // actual_prompt is the service's rewrite of the prompt; the emulator's is fixed, so results stay deterministic.
    public const string RewriteSuffix = ", finely detailed, balanced composition, soft natural light";

    // Always PENDING (API doc §3.4), even when the knobs make a task finish the instant it is created.
    public static JsonObject Created(TaskView task, string requestId) => new()
    {
        ["output"] = new JsonObject { ["task_status"] = TaskStatuses.Pending, ["task_id"] = task.Id },
        ["request_id"] = requestId,
    };

    public static JsonObject Unknown(string taskId, string requestId) => new()
    {
        ["request_id"] = requestId,
        ["output"] = new JsonObject { ["task_id"] = taskId, ["task_status"] = TaskStatuses.Unknown },
    };

    public static JsonObject Query(TaskView task, string requestId)
    {
        var output = new JsonObject
        {
            ["task_id"] = task.Id,
            ["task_status"] = task.Status,
            ["submit_time"] = TaskTimes.Format(task.SubmittedAt),
        };
        if (task.ScheduledAt is { } scheduled)
        {
            output["scheduled_time"] = TaskTimes.Format(scheduled);
        }

        if (task.EndedAt is { } ended)
        {
            output["end_time"] = TaskTimes.Format(ended);
        }

        var body = new JsonObject { ["request_id"] = requestId, ["output"] = output };
        var images = TaskImages.Of(task.Work.Count, task.Outcome);
        var old = task.Work.Protocol == TaskProtocol.Old;
        switch (task.Status)
        {
            case TaskStatuses.Running when old:
                output["task_metrics"] = Metrics(images.Total, 0, 0);
                break;
            case TaskStatuses.Failed:
                output["code"] = images.Code;
                output["message"] = images.Message;
                if (old)
                {
                    output["task_metrics"] = Metrics(images.Total, 0, images.Total);
                }

                break;
            case TaskStatuses.Succeeded when old:
                output["results"] = OldResults(task, images);
                output["task_metrics"] = Metrics(images.Total, images.Succeeded, images.Failed);
                body["usage"] = new JsonObject { ["image_count"] = images.Succeeded };
                break;
            case TaskStatuses.Succeeded:
                // New protocol: only the images made; failed ones leave no item (the doc shows no other shape).
                output["finished"] = true;
                output["choices"] = new JsonArray(new JsonObject
                {
                    ["finish_reason"] = "stop",
                    ["message"] = new JsonObject
                    {
                        ["role"] = "assistant",
                        ["content"] = new JsonArray([.. task.Urls.Select(u => new JsonObject { ["image"] = u.AbsoluteUri, ["type"] = "image" })]),
                    },
                });
                body["usage"] = new JsonObject
                {
                    ["size"] = task.Work.Size.ToString(),
                    ["total_tokens"] = 0,
                    ["image_count"] = images.Succeeded,
                    ["output_tokens"] = 0,
                    ["input_tokens"] = 0,
                };
                break;
        }

        return body;
    }

    private static JsonArray OldResults(TaskView task, TaskImages images)
    {
        var results = new JsonArray();
        foreach (var url in task.Urls)
        {
            var item = new JsonObject { ["orig_prompt"] = task.Work.Prompt };
            if (task.Work.PromptExtend)
            {
                item["actual_prompt"] = task.Work.Prompt + RewriteSuffix;
            }

            item["url"] = url.AbsoluteUri;
            results.Add(item);
        }

        for (var i = 0; i < images.Failed; i++)
        {
            results.Add(new JsonObject { ["code"] = images.Code, ["message"] = images.Message });
        }

        return results;
    }

    private static JsonObject Metrics(int total, int succeeded, int failed) =>
        new() { ["TOTAL"] = total, ["SUCCEEDED"] = succeeded, ["FAILED"] = failed };
}
