using System;
using Bailian.Emulator;
using Bailian.Emulator.Generation;
using Bailian.Emulator.Pipeline;
using Bailian.Emulator.Results;
using Bailian.Emulator.Tasks;
using Bailian.Emulator.Uploads;
using Bailian.Tests.Support;

namespace Bailian.Tests.Emulator;

/// <summary>
/// What one task call costs the emulator, counted in tasks its planning looks at (not timed): it must not grow with
/// the tasks made before, or a 10,000-task benchmark would spend its time re-planning finished tasks.
/// </summary>
public class TaskStoreCostTests
{
    private static readonly Uri ResultBase = new("http://127.0.0.1:1/");

    [Fact]
    public void A_task_call_costs_the_tasks_not_yet_over_not_every_task_made()
    {
        var small = TasksLookedAtPerCall(tasks: 100);
        var large = TasksLookedAtPerCall(tasks: 2000);

        // A stream of tasks, two running at once, each polled until it ends: a handful of live tasks per call
        // whatever came before (the whole history would be about 1,000 per call at 2,000 tasks).
        Assert.InRange(large, 1, 12);
        Assert.InRange(large, 1, small + 1);
    }

    [Fact]
    public void Tasks_behind_a_finished_history_are_planned_as_before()
    {
        var (store, clock, control) = NewStore();
        control.ConcurrentTasksPerModel = 1;
        var first = store.Create("cn-beijing", Work(1), "r1", null);
        clock.Advance(TimeSpan.FromSeconds(10)); // the first is over and settles at the next call
        Assert.Equal(TaskStatuses.Succeeded, store.Find("cn-beijing", first.Id, ResultBase)!.Status);

        var second = store.Create("cn-beijing", Work(2), "r2", null);
        var third = store.Create("cn-beijing", Work(3), "r3", null);
        clock.Advance(TimeSpan.FromSeconds(1.5)); // pending 1 s, running 3 s: the second runs, the third waits its slot
        Assert.Equal(TaskStatuses.Running, store.Find("cn-beijing", second.Id, ResultBase)!.Status);
        Assert.Equal(TaskStatuses.Pending, store.Find("cn-beijing", third.Id, ResultBase)!.Status);
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TaskStatuses.Succeeded, store.Find("cn-beijing", second.Id, ResultBase)!.Status);
        Assert.Equal(TaskStatuses.Running, store.Find("cn-beijing", third.Id, ResultBase)!.Status);
    }

    private static double TasksLookedAtPerCall(int tasks)
    {
        var (store, clock, _) = NewStore();
        var calls = 0;
        for (var i = 0; i < tasks; i++)
        {
            var task = store.Create("cn-beijing", Work(i), $"r{i}", null);
            calls++;
            // Polled each second until it ends, as a client waiting on it would; the next one is made meanwhile.
            while (store.Find("cn-beijing", task.Id, ResultBase)!.Status is TaskStatuses.Pending or TaskStatuses.Running)
            {
                calls++;
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        return (double)store.TasksReplayed / calls;
    }

    private static (TaskStore Store, ManualTimeProvider Clock, EmulatorControl Control) NewStore()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var control = new EmulatorControl(new RequestLog(), new UploadStore(clock));
        return (new TaskStore(clock, control, new ResultStore(clock, TimeSpan.FromHours(24), control)), clock, control);
    }

    private static TaskWork Work(int i) => new(TaskProtocol.Old, "wanx2.1-t2i-turbo", $"task {i}", new ImageSize(1024, 1024), 1, i, false);
}
