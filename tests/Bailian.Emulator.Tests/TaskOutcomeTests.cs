using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>Finished task bodies: old vs new protocol, and the queued FAILED / partial / filtered outcomes (API doc §4.1, §13.13).</summary>
public sealed class TaskOutcomeTests
{
    private static readonly TimeSpan ToTheEnd = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Old_protocol_success_has_results_metrics_and_image_count()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var id = await emulator.SynthesizeAsync(SynthesisBodies.Create("wan2.2-t2i-flash", "a fox", new JsonObject { ["n"] = 2 }));
        var literal = await emulator.SynthesizeAsync(SynthesisBodies.Create("wan2.2-t2i-flash", "a fox", new JsonObject { ["n"] = 1, ["prompt_extend"] = false }));

        clock.Advance(ToTheEnd);
        var body = await emulator.QueryOkAsync(id);
        var unextended = (await emulator.QueryOkAsync(literal))["output"]!["results"]![0]!;

        Assert.Equal(["request_id", "output", "usage"], TaskCalls.Keys(body));
        var output = body["output"]!;
        Assert.Equal(["task_id", "task_status", "submit_time", "scheduled_time", "end_time", "results", "task_metrics"], TaskCalls.Keys(output));
        var results = output["results"]!.AsArray();
        Assert.All(results, r => Assert.Equal(["orig_prompt", "actual_prompt", "url"], TaskCalls.Keys(r)));
        Assert.All(results, r => Assert.Equal("a fox", r!["orig_prompt"]!.GetValue<string>()));
        Assert.All(results, r => Assert.StartsWith("a fox, ", r!["actual_prompt"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal("""{"TOTAL":2,"SUCCEEDED":2,"FAILED":0}""", output["task_metrics"]!.ToJsonString());
        Assert.Equal("""{"image_count":2}""", body["usage"]!.ToJsonString());
        Assert.Equal(["orig_prompt", "url"], TaskCalls.Keys(unextended));
        Assert.Null(output["choices"]);
    }

    [Fact]
    public async Task New_protocol_success_has_choices_finished_and_wan_usage()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var id = await emulator.CreateOkAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-t2i", parameters: new JsonObject { ["size"] = "1696*960" }));

        clock.Advance(ToTheEnd);
        var body = await emulator.QueryOkAsync(id);

        var output = body["output"]!;
        Assert.Equal(["task_id", "task_status", "submit_time", "scheduled_time", "end_time", "finished", "choices"], TaskCalls.Keys(output));
        Assert.True(output["finished"]!.GetValue<bool>());
        var choice = output["choices"]!.AsArray().Single()!;
        Assert.Equal("stop", choice["finish_reason"]!.GetValue<string>());
        Assert.Equal("assistant", choice["message"]!["role"]!.GetValue<string>());
        var content = choice["message"]!["content"]!.AsArray();
        Assert.Equal(4, content.Count); // n absent: 4
        Assert.All(content, item => Assert.Equal(["image", "type"], TaskCalls.Keys(item)));
        Assert.Equal(
            """{"size":"1696*960","total_tokens":0,"image_count":4,"output_tokens":0,"input_tokens":0}""",
            body["usage"]!.ToJsonString());
        Assert.Null(output["results"]);
        Assert.Equal(new PngFile(1696, 960, 8, 2), PngFile.Parse(await emulator.DownloadAsync(EmulatorSession.ImageUrls(body)[3])));
    }

    [Fact]
    public async Task A_failed_task_answers_200_with_code_message_and_metrics()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.EnqueueTaskOutcome(TaskOutcome.Failed());
        var id = await emulator.SynthesizeAsync(SynthesisBodies.Create("wan2.2-t2i-flash", parameters: new JsonObject { ["n"] = 3 }));

        clock.Advance(TimeSpan.FromSeconds(1));
        var running = await emulator.StatusAsync(id);
        clock.Advance(TimeSpan.FromSeconds(3));
        using var response = await emulator.QueryAsync(id);
        var body = await EmulatorSession.ReadJsonAsync(response);

        Assert.Equal("RUNNING", running);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["request_id", "output"], TaskCalls.Keys(body));
        var output = body["output"]!;
        Assert.Equal(["task_id", "task_status", "submit_time", "scheduled_time", "end_time", "code", "message", "task_metrics"], TaskCalls.Keys(output));
        Assert.Equal("FAILED", output["task_status"]!.GetValue<string>());
        Assert.Equal("InternalError", output["code"]!.GetValue<string>());
        Assert.Equal("An internal error has occured, please try again later or contact service support.", output["message"]!.GetValue<string>());
        Assert.Equal("""{"TOTAL":3,"SUCCEEDED":0,"FAILED":3}""", output["task_metrics"]!.ToJsonString());
    }

    [Fact]
    public async Task A_new_protocol_task_can_fail_too()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.EnqueueTaskOutcome(TaskOutcome.Failed("DataInspectionFailed", "Input data may contain inappropriate content."));
        var id = await emulator.CreateOkAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-t2i"));

        clock.Advance(ToTheEnd);
        var output = (await emulator.QueryOkAsync(id))["output"]!;

        Assert.Equal(["task_id", "task_status", "submit_time", "scheduled_time", "end_time", "code", "message"], TaskCalls.Keys(output));
        Assert.Equal(("FAILED", "DataInspectionFailed"), (output["task_status"]!.GetValue<string>(), output["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_partial_failure_succeeds_with_the_last_results_failed()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.EnqueueTaskOutcome(TaskOutcome.PartialFailure(1));
        var id = await emulator.SynthesizeAsync(SynthesisBodies.Create("wan2.5-t2i-preview", parameters: new JsonObject { ["n"] = 3 }));

        clock.Advance(ToTheEnd);
        var body = await emulator.QueryOkAsync(id);

        var output = body["output"]!;
        Assert.Equal("SUCCEEDED", output["task_status"]!.GetValue<string>());
        var results = output["results"]!.AsArray();
        Assert.Equal(["url", "url", "code"], results.Select(r => r!["url"] is null ? "code" : "url"));
        Assert.Equal(
            """{"code":"InternalError.Timeout","message":"An internal timeout error has occurred during execution, please try again later or contact service support."}""",
            results[2]!.ToJsonString());
        Assert.Equal("""{"TOTAL":3,"SUCCEEDED":2,"FAILED":1}""", output["task_metrics"]!.ToJsonString());
        Assert.Equal(2, body["usage"]!["image_count"]!.GetValue<int>());
        Assert.Equal(2, (await Task.WhenAll(TaskCalls.ResultUrls(body).Select(emulator.DownloadAsync))).Length);
    }

    [Fact]
    public async Task A_partial_failure_of_at_least_n_fails_every_item_but_the_task_succeeds()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.EnqueueTaskOutcome(TaskOutcome.PartialFailure(5, "InternalError.Algo", "algo"));
        var id = await emulator.SynthesizeAsync(SynthesisBodies.Create("wan2.2-t2i-flash", parameters: new JsonObject { ["n"] = 2 }));

        clock.Advance(ToTheEnd);
        var body = await emulator.QueryOkAsync(id);

        Assert.Equal("SUCCEEDED", body["output"]!["task_status"]!.GetValue<string>());
        Assert.All(body["output"]!["results"]!.AsArray(), r => Assert.Equal("""{"code":"InternalError.Algo","message":"algo"}""", r!.ToJsonString()));
        Assert.Equal("""{"TOTAL":2,"SUCCEEDED":0,"FAILED":2}""", body["output"]!["task_metrics"]!.ToJsonString());
    }

    [Fact]
    public async Task A_content_filtered_task_succeeds_with_no_image()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.EnqueueTaskOutcome(TaskOutcome.ContentFiltered(), count: 2);
        var old = await emulator.SynthesizeAsync(SynthesisBodies.Create("wan2.2-t2i-flash", parameters: new JsonObject { ["n"] = 2 }));
        var @new = await emulator.CreateOkAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-t2i", parameters: new JsonObject { ["n"] = 2 }));

        clock.Advance(ToTheEnd);
        var oldBody = await emulator.QueryOkAsync(old);
        var newBody = await emulator.QueryOkAsync(@new);

        Assert.Equal("SUCCEEDED", oldBody["output"]!["task_status"]!.GetValue<string>());
        Assert.Equal(
            """[{"code":"DataInspectionFailed","message":"Output data may contain inappropriate content."},{"code":"DataInspectionFailed","message":"Output data may contain inappropriate content."}]""",
            oldBody["output"]!["results"]!.ToJsonString());
        Assert.Equal("""{"TOTAL":2,"SUCCEEDED":0,"FAILED":2}""", oldBody["output"]!["task_metrics"]!.ToJsonString());
        Assert.Equal("""{"image_count":0}""", oldBody["usage"]!.ToJsonString());
        Assert.Equal("SUCCEEDED", newBody["output"]!["task_status"]!.GetValue<string>());
        Assert.Empty(EmulatorSession.ImageUrls(newBody));
        Assert.Equal(0, newBody["usage"]!["image_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Outcomes_apply_to_the_next_created_tasks_in_order()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.EnqueueTaskOutcome(TaskOutcome.Failed(), count: 2);
        emulator.Control.EnqueueTaskOutcome(TaskOutcome.ContentFiltered());

        using var rejected = await emulator.CreateAsync(TaskCalls.SynthesisPath, SynthesisBodies.One("no-such-model")); // takes none
        var ids = new string[4];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        }

        clock.Advance(TimeSpan.FromSeconds(10));
        var bodies = await Task.WhenAll(ids.Select(id => emulator.QueryOkAsync(id)));

        Assert.Equal(404, (int)rejected.StatusCode);
        Assert.Equal(
            ["FAILED", "FAILED", "SUCCEEDED:0", "SUCCEEDED:1"],
            bodies.Select(b => b["output"]!["task_status"]!.GetValue<string>()
                + (b["usage"] is { } usage ? ":" + usage["image_count"]!.GetValue<int>() : string.Empty)));
    }

    [Fact]
    public async Task Outcome_factories_check_their_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskOutcome.PartialFailure(0));
        Assert.Throws<ArgumentException>(() => TaskOutcome.Failed(" "));
        await using var emulator = await EmulatorSession.StartAsync();
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.Control.EnqueueTaskOutcome(TaskOutcome.Failed(), count: 0));
    }
}
