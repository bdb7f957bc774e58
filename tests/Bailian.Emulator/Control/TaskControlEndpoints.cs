using System.Globalization;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Control;

/// <summary>
/// <c>PUT /_emulator/tasks</c> (timing, concurrency, query rate) and <c>POST /_emulator/task-outcomes</c>: the async
/// task knobs of <see cref="EmulatorControl"/> for scripts that run the emulator as a separate process.
/// </summary>
internal static class TaskControlEndpoints
{
    public static void Map(RouteGroupBuilder group, EmulatorControl control)
    {
        group.MapPut("/tasks", context => SetTaskKnobsAsync(context, control));
        group.MapPost("/task-outcomes", context => EnqueueOutcomeAsync(context, control));
    }

    // Every value is checked before any is set: a bad call changes nothing.
    private static Task SetTaskKnobsAsync(HttpContext context, EmulatorControl control)
    {
        var query = context.Request.Query;
        if (!TryRead(query, "pendingMs", 0, out var pendingMs) || !TryRead(query, "runningMs", 0, out var runningMs)
            || !TryRead(query, "concurrency", 1, out var concurrency) || !TryRead(query, "queriesPerSecond", 1, out var queriesPerSecond))
        {
            return ControlEndpoints.BadRequestAsync(
                context,
                "pendingMs and runningMs must be whole numbers of milliseconds, concurrency and queriesPerSecond whole numbers of at least 1.");
        }

        if (pendingMs is { } pending)
        {
            control.TaskPendingTime = TimeSpan.FromMilliseconds(pending);
        }

        if (runningMs is { } running)
        {
            control.TaskRunningTime = TimeSpan.FromMilliseconds(running);
        }

        if (concurrency is { } slots)
        {
            control.ConcurrentTasksPerModel = slots;
        }

        if (queriesPerSecond is { } rate)
        {
            control.TaskQueriesPerSecond = rate;
        }

        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["pendingMs"] = (long)control.TaskPendingTime.TotalMilliseconds,
            ["runningMs"] = (long)control.TaskRunningTime.TotalMilliseconds,
            ["concurrency"] = control.ConcurrentTasksPerModel,
            ["queriesPerSecond"] = control.TaskQueriesPerSecond,
        });
    }

    private static async Task EnqueueOutcomeAsync(HttpContext context, EmulatorControl control)
    {
        var body = await ControlEndpoints.ReadBodyAsync(context).ConfigureAwait(false);
        if (TaskOutcomeRequest.TryParse(body, out var error) is not { } request)
        {
            await ControlEndpoints.BadRequestAsync(context, error!).ConfigureAwait(false);
            return;
        }

        control.EnqueueTaskOutcome(request.Outcome, request.Count);
        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["outcome"] = request.Outcome.ToString(),
            ["count"] = request.Count,
        }).ConfigureAwait(false);
    }

    // Absent is fine (null); present must be a whole number of at least `min`.
    private static bool TryRead(IQueryCollection query, string name, int min, out int? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var text))
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min)
        {
            return false;
        }

        value = number;
        return true;
    }
}
