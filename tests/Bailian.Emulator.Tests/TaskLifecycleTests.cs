using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Web;

namespace Bailian.Tests.Emulator;

/// <summary>How a task moves: PENDING → RUNNING → end by the emulator's clock, slots per model, cancel, expiry (API doc §4.1, §4.2).</summary>
public sealed class TaskLifecycleTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_task_is_pending_then_running_then_succeeded_with_utc_plus_8_times()
    {
        var clock = TaskCalls.NewClock(); // 08:00:00.250Z = 16:00:00.250 in UTC+8
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));

        var pending = await emulator.QueryOkAsync(id);
        clock.Advance(TimeSpan.FromSeconds(1) - Ms);
        var stillPending = await emulator.QueryOkAsync(id);
        clock.Advance(Ms);
        var running = await emulator.QueryOkAsync(id);
        clock.Advance(TimeSpan.FromSeconds(3) - Ms);
        var stillRunning = await emulator.QueryOkAsync(id);
        clock.Advance(Ms);
        var done = await emulator.QueryOkAsync(id);

        Assert.Equal(["request_id", "output"], TaskCalls.Keys(pending));
        Assert.Equal(["task_id", "task_status", "submit_time"], TaskCalls.Keys(pending["output"]));
        Assert.Equal(id, pending["output"]!["task_id"]!.GetValue<string>());
        Assert.Equal("2026-03-01 16:00:00.250", pending["output"]!["submit_time"]!.GetValue<string>());
        Assert.Equal("PENDING", stillPending["output"]!["task_status"]!.GetValue<string>());
        Assert.Equal(["task_id", "task_status", "submit_time", "scheduled_time", "task_metrics"], TaskCalls.Keys(running["output"]));
        Assert.Equal("RUNNING", running["output"]!["task_status"]!.GetValue<string>());
        Assert.Equal("2026-03-01 16:00:01.250", running["output"]!["scheduled_time"]!.GetValue<string>());
        Assert.Equal("""{"TOTAL":1,"SUCCEEDED":0,"FAILED":0}""", running["output"]!["task_metrics"]!.ToJsonString());
        Assert.Equal("RUNNING", stillRunning["output"]!["task_status"]!.GetValue<string>());
        Assert.Null(stillRunning["output"]!["end_time"]);
        Assert.Equal("SUCCEEDED", done["output"]!["task_status"]!.GetValue<string>());
        Assert.Equal("2026-03-01 16:00:01.250", done["output"]!["scheduled_time"]!.GetValue<string>());
        Assert.Equal("2026-03-01 16:00:04.250", done["output"]!["end_time"]!.GetValue<string>());
        Assert.NotEqual(pending["request_id"]!.GetValue<string>(), done["request_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Times_are_utc_plus_8_in_every_region_across_midnight()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 31, 15, 59, 59, 500, TimeSpan.Zero));
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.TaskPendingTime = TimeSpan.FromSeconds(1);

        var id = await emulator.CreateOkAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-t2i"), "us-east-1");
        clock.Advance(TimeSpan.FromSeconds(1));
        var running = (await emulator.QueryOkAsync(id, "us-east-1"))["output"]!;

        Assert.Equal("2026-12-31 23:59:59.500", running["submit_time"]!.GetValue<string>());
        Assert.Equal("2027-01-01 00:00:00.500", running["scheduled_time"]!.GetValue<string>());
        Assert.Null(running["task_metrics"]); // the new protocol has no metrics
    }

    [Fact]
    public async Task The_timing_knobs_apply_to_tasks_created_after_they_are_set()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var before = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));

        emulator.Control.TaskPendingTime = TimeSpan.Zero;
        emulator.Control.TaskRunningTime = TimeSpan.FromMinutes(2);
        var after = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-plus"));
        var runningAtOnce = await emulator.StatusAsync(after);
        clock.Advance(TimeSpan.FromSeconds(4));
        var (oldDone, newRunning) = (await emulator.StatusAsync(before), await emulator.StatusAsync(after));
        clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(4));
        var newDone = await emulator.StatusAsync(after);

        Assert.Equal("RUNNING", runningAtOnce);
        Assert.Equal(("SUCCEEDED", "RUNNING"), (oldDone, newRunning));
        Assert.Equal("SUCCEEDED", newDone);
    }

    [Fact]
    public async Task A_third_task_of_a_model_waits_for_one_of_the_two_slots()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var ids = new[]
        {
            await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.5-t2i-preview")),
            await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.5-t2i-preview")),
            await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.5-t2i-preview")),
        };
        var otherModel = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        var otherRegion = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.5-t2i-preview"), "ap-southeast-1");

        clock.Advance(TimeSpan.FromSeconds(1));
        var atOne = await Task.WhenAll(ids.Select(id => emulator.StatusAsync(id)));
        var others = (await emulator.StatusAsync(otherModel), await emulator.StatusAsync(otherRegion, "ap-southeast-1"));
        clock.Advance(TimeSpan.FromSeconds(3) - Ms);
        var justBefore = await emulator.StatusAsync(ids[2]);
        clock.Advance(Ms);
        var third = (await emulator.QueryOkAsync(ids[2]))["output"]!;
        var firstTwo = await Task.WhenAll(ids.Take(2).Select(id => emulator.StatusAsync(id)));
        clock.Advance(TimeSpan.FromSeconds(3));
        var thirdDone = (await emulator.QueryOkAsync(ids[2]))["output"]!;

        Assert.Equal(["RUNNING", "RUNNING", "PENDING"], atOne);
        Assert.Equal(("RUNNING", "RUNNING"), others); // slots are per model and per region
        Assert.Equal("PENDING", justBefore);
        Assert.Equal(["SUCCEEDED", "SUCCEEDED"], firstTwo);
        Assert.Equal("RUNNING", third["task_status"]!.GetValue<string>());
        Assert.Equal("2026-03-01 16:00:04.250", third["scheduled_time"]!.GetValue<string>());
        Assert.Equal("2026-03-01 16:00:07.250", thirdDone["end_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Waiting_tasks_start_first_come_first_served()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.ConcurrentTasksPerModel = 1;
        var ids = new string[3];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        clock.Advance(TimeSpan.FromSeconds(20)); // first look long after all ended: the schedule is the same
        var outputs = await Task.WhenAll(ids.Select(id => emulator.QueryOkAsync(id)));

        Assert.Equal(
            [("16:00:01.250", "16:00:04.250"), ("16:00:04.250", "16:00:07.250"), ("16:00:07.250", "16:00:10.250")],
            outputs.Select(o => (Clock(o["output"]!["scheduled_time"]), Clock(o["output"]!["end_time"]))));
    }

    [Fact]
    public async Task More_slots_start_waiting_tasks_from_now_not_in_the_past()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.ConcurrentTasksPerModel = 1;
        await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        var waiting = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        clock.Advance(TimeSpan.FromSeconds(2));
        var before = await emulator.StatusAsync(waiting);

        emulator.Control.ConcurrentTasksPerModel = 2;
        var after = (await emulator.QueryOkAsync(waiting))["output"]!;

        Assert.Equal("PENDING", before);
        Assert.Equal("RUNNING", after["task_status"]!.GetValue<string>());
        Assert.Equal("2026-03-01 16:00:02.250", after["scheduled_time"]!.GetValue<string>()); // not 16:00:01.250, when it was seen pending
    }

    [Fact]
    public async Task A_clock_moved_back_does_not_hold_new_tasks_behind_future_ones()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        clock.Advance(TimeSpan.FromHours(1));
        await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        clock.Advance(TimeSpan.FromSeconds(2)); // both running, until an hour and 4 s

        clock.Advance(-TimeSpan.FromHours(1));
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal("SUCCEEDED", await emulator.StatusAsync(id));
    }

    [Fact]
    public async Task A_pending_task_can_be_canceled_and_frees_nothing()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.ConcurrentTasksPerModel = 1;
        var running = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        var canceled = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        var waiting = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        clock.Advance(TimeSpan.FromSeconds(2));

        using var cancel = await emulator.CancelAsync(canceled);
        var cancelBody = await EmulatorSession.ReadJsonAsync(cancel);
        clock.Advance(TimeSpan.FromSeconds(2) - Ms);
        var waitingJustBefore = await emulator.StatusAsync(waiting);
        clock.Advance(Ms);
        var waitingNow = (await emulator.QueryOkAsync(waiting))["output"]!;
        clock.Advance(TimeSpan.FromHours(1));
        var canceledLater = (await emulator.QueryOkAsync(canceled))["output"]!;

        Assert.Equal(200, (int)cancel.StatusCode);
        Assert.Equal(["request_id"], TaskCalls.Keys(cancelBody));
        Assert.Equal("PENDING", waitingJustBefore);          // it still waits for the running task's slot
        Assert.Equal("RUNNING", waitingNow["task_status"]!.GetValue<string>());
        Assert.Equal("2026-03-01 16:00:04.250", waitingNow["scheduled_time"]!.GetValue<string>());
        Assert.Equal(["task_id", "task_status", "submit_time", "end_time"], TaskCalls.Keys(canceledLater));
        Assert.Equal("CANCELED", canceledLater["task_status"]!.GetValue<string>());
        Assert.Equal("2026-03-01 16:00:02.250", canceledLater["end_time"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", await emulator.StatusAsync(running));
    }

    [Fact]
    public async Task Only_pending_tasks_can_be_canceled()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        var twice = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        using var first = await emulator.CancelAsync(twice);

        clock.Advance(TimeSpan.FromSeconds(1));
        using var whileRunning = await emulator.CancelAsync(id);
        clock.Advance(TimeSpan.FromSeconds(3));
        using var whenDone = await emulator.CancelAsync(id);
        using var again = await emulator.CancelAsync(twice);
        using var unknown = await emulator.CancelAsync(Guid.NewGuid().ToString());
        using var otherRegion = await emulator.CancelAsync(id, "ap-southeast-1");

        const string message = "Failed to cancel the task, please confirm if the task is in PENDING status.";
        Assert.Equal(200, (int)first.StatusCode);
        foreach (var refused in new[] { whileRunning, whenDone, again, unknown, otherRegion })
        {
            await EmulatorSession.AssertErrorAsync(refused, 400, "UnsupportedOperation", message);
        }

        Assert.Equal("SUCCEEDED", await emulator.StatusAsync(id));
    }

    [Fact]
    public async Task Unknown_ids_answer_unknown_with_http_200()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var id = Guid.NewGuid().ToString();

        using var response = await emulator.QueryAsync(id);
        var body = await EmulatorSession.ReadJsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["request_id", "output"], TaskCalls.Keys(body));
        Assert.Equal($$"""{"task_id":"{{id}}","task_status":"UNKNOWN"}""", body["output"]!.ToJsonString());
    }

    [Fact]
    public async Task A_task_belongs_to_its_region()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        using var bare = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, new Uri(emulator.Server.BaseAddress, "api/v1/tasks/" + id));
        bare.Headers.Authorization = new("Bearer", EmulatorSession.Key("cn-beijing"));

        var fromSingapore = await emulator.StatusAsync(id, "ap-southeast-1");
        using var fromBare = await emulator.Http.SendAsync(bare);

        Assert.Equal("UNKNOWN", fromSingapore);
        Assert.Equal("PENDING", (await EmulatorSession.ReadJsonAsync(fromBare))["output"]!["task_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_24_hours_a_task_is_unknown()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));

        clock.Advance(TimeSpan.FromHours(24));
        var lastMoment = await emulator.StatusAsync(id);
        clock.Advance(Ms);
        var expired = await emulator.QueryOkAsync(id);
        using var cancel = await emulator.CancelAsync(id);

        Assert.Equal("SUCCEEDED", lastMoment);
        Assert.Equal($$"""{"task_id":"{{id}}","task_status":"UNKNOWN"}""", expired["output"]!.ToJsonString());
        Assert.Equal(400, (int)cancel.StatusCode);
    }

    [Fact]
    public async Task Result_urls_are_signed_at_the_end_and_stay_the_same_between_polls()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock, ResultUrlLifetime = TimeSpan.FromHours(2) });
        var id = await emulator.SynthesizeAsync(SynthesisBodies.Create("wan2.2-t2i-flash", parameters: new JsonObject { ["n"] = 2, ["size"] = "768*512" }));

        clock.Advance(TimeSpan.FromMinutes(30)); // first look long after the end
        var first = TaskCalls.ResultUrls(await emulator.QueryOkAsync(id));
        var second = TaskCalls.ResultUrls(await emulator.QueryOkAsync(id));
        var png = await emulator.DownloadAsync(first[1]);
        clock.Advance(TimeSpan.FromHours(2)); // 2 h after the end, plus 30 min
        using var expired = await emulator.Http.GetAsync(first[0]);

        Assert.Equal(first, second);
        var end = TaskCalls.Start.AddSeconds(4).ToUnixTimeSeconds();
        Assert.Equal((end + 7200).ToString(CultureInfo.InvariantCulture), HttpUtility.ParseQueryString(first[0].Query)["Expires"]);
        Assert.Equal(new PngFile(768, 512, 8, 2), PngFile.Parse(png));
        Assert.Equal(403, (int)expired.StatusCode);
    }

    [Fact]
    public async Task Images_are_deterministic_per_prompt_seed_index_and_size_across_protocols()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        JsonObject Parameters(int seed) => new() { ["seed"] = seed, ["n"] = 2, ["size"] = "1280*1280" };
        var sync = await emulator.GenerateOkAsync(Bodies.Generation("wan2.6-t2i", "a fox", Parameters(5)));
        var oldTask = await emulator.SynthesizeAsync(SynthesisBodies.Create("wan2.5-t2i-preview", "a fox", Parameters(5)));
        var newTask = await emulator.CreateOkAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-t2i", "a fox", Parameters(5)));
        var noSeed = await emulator.SynthesizeAsync(SynthesisBodies.Create("wan2.5-t2i-preview", "a fox", new JsonObject { ["n"] = 1 }));

        clock.Advance(TimeSpan.FromSeconds(4));
        var syncImages = await Task.WhenAll(EmulatorSession.ImageUrls(sync).Select(emulator.DownloadAsync));
        var oldImages = await Task.WhenAll(TaskCalls.ResultUrls(await emulator.QueryOkAsync(oldTask)).Select(emulator.DownloadAsync));
        var newImages = await Task.WhenAll(EmulatorSession.ImageUrls(await emulator.QueryOkAsync(newTask)).Select(emulator.DownloadAsync));
        var noSeedImage = await emulator.DownloadAsync(TaskCalls.ResultUrls(await emulator.QueryOkAsync(noSeed)).Single());
        var noSeedAgain = await emulator.DownloadAsync(TaskCalls.ResultUrls(await emulator.QueryOkAsync(noSeed)).Single());

        Assert.Equal(syncImages, oldImages);
        Assert.Equal(syncImages, newImages);
        Assert.NotEqual(oldImages[0], oldImages[1]);
        Assert.Equal(noSeedImage, noSeedAgain); // the seed was picked once, at creation
    }

    private static string Clock(JsonNode? time) => time!.GetValue<string>()[11..];
}
