using System;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>The async task knobs, in process and over <c>/_emulator</c> for scripts.</summary>
public sealed class TaskControlEndpointTests
{
    [Fact]
    public async Task The_knobs_have_the_documented_defaults_and_refuse_nonsense()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var control = emulator.Control;

        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), 2, 20), (control.TaskPendingTime, control.TaskRunningTime, control.ConcurrentTasksPerModel, control.TaskQueriesPerSecond));
        Assert.Throws<ArgumentOutOfRangeException>(() => control.TaskPendingTime = TimeSpan.FromTicks(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => control.TaskRunningTime = TimeSpan.FromTicks(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => control.ConcurrentTasksPerModel = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => control.TaskQueriesPerSecond = 0);
    }

    [Fact]
    public async Task Task_knobs_can_be_set_over_http_each_on_its_own()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        using var all = await PutAsync(emulator, "pendingMs=0&runningMs=250&concurrency=1&queriesPerSecond=5");
        var allBody = await EmulatorSession.ReadJsonAsync(all);
        using var one = await PutAsync(emulator, "runningMs=100");
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        var atOnce = await emulator.StatusAsync(id);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        var done = await emulator.StatusAsync(id);

        Assert.Equal(200, (int)all.StatusCode);
        Assert.Equal("""{"pendingMs":0,"runningMs":250,"concurrency":1,"queriesPerSecond":5}""", allBody.ToJsonString());
        Assert.Equal(200, (int)one.StatusCode);
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMilliseconds(100), 1, 5), (emulator.Control.TaskPendingTime, emulator.Control.TaskRunningTime, emulator.Control.ConcurrentTasksPerModel, emulator.Control.TaskQueriesPerSecond));
        Assert.Equal(("RUNNING", "SUCCEEDED"), (atOnce, done));
    }

    [Theory]
    [InlineData("pendingMs=-1")]
    [InlineData("runningMs=soon")]
    [InlineData("concurrency=0")]
    [InlineData("pendingMs=5&queriesPerSecond=0")]
    public async Task A_bad_knob_call_changes_nothing(string query)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await PutAsync(emulator, query);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal((TimeSpan.FromSeconds(1), 2, 20), (emulator.Control.TaskPendingTime, emulator.Control.ConcurrentTasksPerModel, emulator.Control.TaskQueriesPerSecond));
    }

    [Fact]
    public async Task Task_outcomes_can_be_queued_over_http()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        using var failed = await PostOutcomeAsync(emulator, """{"kind":"failed","code":"InternalError.Algo","message":"algo broke"}""");
        using var partial = await PostOutcomeAsync(emulator, """{"kind":"partial","failedImages":2,"count":1}""");
        using var filtered = await PostOutcomeAsync(emulator, """{"kind":"FILTERED","count":2}""");
        var ids = new string[5];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = await emulator.SynthesizeAsync(SynthesisBodies.Create("wan2.2-t2i-flash", parameters: new JsonObject { ["n"] = 3 }), i % 2 == 0 ? "cn-beijing" : "ap-southeast-1");
        }

        clock.Advance(TimeSpan.FromSeconds(10));
        var bodies = new JsonObject[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            bodies[i] = await emulator.QueryOkAsync(ids[i], i % 2 == 0 ? "cn-beijing" : "ap-southeast-1");
        }

        Assert.Equal(200, (int)failed.StatusCode);
        Assert.Equal(1, (await EmulatorSession.ReadJsonAsync(partial))["count"]!.GetValue<int>());
        Assert.Equal(2, (await EmulatorSession.ReadJsonAsync(filtered))["count"]!.GetValue<int>());
        Assert.Equal(("FAILED", "InternalError.Algo", "algo broke"), (Status(bodies[0]), bodies[0]["output"]!["code"]!.GetValue<string>(), bodies[0]["output"]!["message"]!.GetValue<string>()));
        Assert.Equal("""{"TOTAL":3,"SUCCEEDED":1,"FAILED":2}""", bodies[1]["output"]!["task_metrics"]!.ToJsonString());
        Assert.Equal("InternalError.Timeout", bodies[1]["output"]!["results"]![2]!["code"]!.GetValue<string>());
        Assert.Equal("DataInspectionFailed", bodies[2]["output"]!["results"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(0, bodies[3]["usage"]!["image_count"]!.GetValue<int>());
        Assert.Equal(3, bodies[4]["usage"]!["image_count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"kind":"exploded"}""")]
    [InlineData("""{"count":1}""")]
    [InlineData("""{"kind":"failed","count":0}""")]
    [InlineData("""{"kind":"partial","failedImages":0}""")]
    [InlineData("""{"kind":"failed","code":""}""")]
    [InlineData("""{"kind":"failed","message":5}""")]
    [InlineData("""[]""")]
    public async Task Bad_outcome_requests_are_refused(string body)
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        using var response = await PostOutcomeAsync(emulator, body);
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("SUCCEEDED", await emulator.StatusAsync(id)); // nothing was queued
    }

    [Fact]
    public async Task Deleting_faults_drops_queued_task_outcomes_too()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.EnqueueTaskOutcome(TaskOutcome.Failed(), count: 3);

        using var deleted = await emulator.Http.DeleteAsync(Control(emulator, "faults"));
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(204, (int)deleted.StatusCode);
        Assert.Equal("SUCCEEDED", await emulator.StatusAsync(id));
    }

    private static string Status(JsonObject body) => body["output"]!["task_status"]!.GetValue<string>();

    private static Uri Control(EmulatorSession emulator, string path) => new(emulator.Server.BaseAddress, "_emulator/" + path);

    private static Task<HttpResponseMessage> PutAsync(EmulatorSession emulator, string query) =>
        emulator.Http.PutAsync(Control(emulator, "tasks?" + query), content: null);

    private static Task<HttpResponseMessage> PostOutcomeAsync(EmulatorSession emulator, string json) =>
        emulator.Http.PostAsync(Control(emulator, "task-outcomes"), new StringContent(json, Encoding.UTF8, "application/json"));
}
