using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary><c>GET /tasks/</c> (API doc §4.3): shape, filters, paging, order and the 24-hour window.</summary>
public sealed class TaskListTests
{
    [Fact]
    public async Task Rows_have_the_documented_fields_with_epoch_millisecond_times_set_only_once_reached()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.ConcurrentTasksPerModel = 1;
        Task<string> CreateAsync() => emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        var done = await CreateAsync();
        clock.Advance(TimeSpan.FromSeconds(4));
        var running = await CreateAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var pending = await CreateAsync();
        clock.Advance(TimeSpan.FromSeconds(1)); // running runs from +5 s to +8 s; pending waits behind it

        var list = await emulator.ListOkAsync();

        Assert.Equal(["request_id", "total", "total_page", "page_no", "page_size", "data"], TaskCalls.Keys(list));
        Assert.True(Guid.TryParse(list["request_id"]!.GetValue<string>(), out _));
        Assert.Equal((3, 1, 1, 10), (Int(list["total"]), Int(list["total_page"]), Int(list["page_no"]), Int(list["page_size"])));
        Assert.Equal([pending, running, done], TaskCalls.Ids(list));
        var rows = list["data"]!.AsArray();
        var start = TaskCalls.Start.ToUnixTimeMilliseconds();
        Assert.Equal(
            ["api_key_id", "caller_parent_id", "caller_uid", "gmt_create", "start_time", "end_time", "model_name", "region", "request_id", "status", "task_id", "user_api_unique_key"],
            TaskCalls.Keys(rows[2]));
        Assert.Equal((start, start + 1000, start + 4000), (Long(rows[2]!["gmt_create"]), Long(rows[2]!["start_time"]), Long(rows[2]!["end_time"])));
        Assert.Equal("SUCCEEDED", rows[2]!["status"]!.GetValue<string>());
        Assert.Equal(("RUNNING", start + 5000), (rows[1]!["status"]!.GetValue<string>(), Long(rows[1]!["start_time"])));
        Assert.Null(rows[1]!["end_time"]);
        Assert.Equal(("PENDING", start + 5000), (rows[0]!["status"]!.GetValue<string>(), Long(rows[0]!["gmt_create"])));
        Assert.Null(rows[0]!["start_time"]);
        Assert.All(rows, r => Assert.Equal(("wan2.2-t2i-flash", "cn-beijing"), (r!["model_name"]!.GetValue<string>(), r["region"]!.GetValue<string>())));
        Assert.All(rows, r => Assert.True(Guid.TryParse(r!["request_id"]!.GetValue<string>(), out _)));
        Assert.Single(rows.Select(r => r!["user_api_unique_key"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public async Task The_list_answers_with_and_without_the_trailing_slash()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));

        using var slash = await emulator.ListAsync(slash: true);
        using var bare = await emulator.ListAsync(slash: false);

        Assert.Equal([id], TaskCalls.Ids(await EmulatorSession.ReadJsonAsync(slash)));
        Assert.Equal([id], TaskCalls.Ids(await EmulatorSession.ReadJsonAsync(bare)));
        Assert.Equal(["/cn-beijing/api/v1/tasks/", "/cn-beijing/api/v1/tasks"], emulator.Control.Requests.Skip(1).Select(r => r.Path));
    }

    [Fact]
    public async Task Filters_narrow_by_model_status_task_id_and_region()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var flash = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        var qwen = await emulator.SynthesizeAsync(SynthesisBodies.One("qwen-image"));
        clock.Advance(TimeSpan.FromSeconds(4));
        var wan26 = await emulator.CreateOkAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-t2i"));
        var canceled = await emulator.SynthesizeAsync(SynthesisBodies.One("qwen-image"));
        using var cancel = await emulator.CancelAsync(canceled);
        var singapore = await emulator.SynthesizeAsync(SynthesisBodies.One("qwen-image"), "ap-southeast-1");

        Assert.Equal([canceled, qwen], TaskCalls.Ids(await emulator.ListOkAsync("model_name=qwen-image")));
        Assert.Equal([wan26], TaskCalls.Ids(await emulator.ListOkAsync("status=PENDING")));
        Assert.Equal([canceled], TaskCalls.Ids(await emulator.ListOkAsync("status=CANCELED")));
        Assert.Equal([flash], TaskCalls.Ids(await emulator.ListOkAsync("status=SUCCEEDED&model_name=wan2.2-t2i-flash")));
        Assert.Equal([qwen], TaskCalls.Ids(await emulator.ListOkAsync("task_id=" + qwen)));
        Assert.Empty(TaskCalls.Ids(await emulator.ListOkAsync("task_id=" + singapore)));
        Assert.Equal([singapore], TaskCalls.Ids(await emulator.ListOkAsync(region: "ap-southeast-1")));
        Assert.Equal(0, Int((await emulator.ListOkAsync("model_name=wanx2.0-t2i-turbo"))["total_page"]));
    }

    [Fact]
    public async Task Pages_are_newest_first_with_ties_broken_by_task_id()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var created = new (string Id, int Second)[25];
        for (var i = 0; i < created.Length; i++)
        {
            created[i] = (await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash")), i / 2);
            if (i % 2 == 1)
            {
                clock.Advance(TimeSpan.FromSeconds(1)); // two tasks per instant
            }
        }

        var pages = new[] { await emulator.ListOkAsync(), await emulator.ListOkAsync("page_no=2"), await emulator.ListOkAsync("page_no=3&page_size=10") };
        var big = await emulator.ListOkAsync("page_size=100");
        var beyond = await emulator.ListOkAsync("page_no=4");

        var expected = created.OrderByDescending(c => c.Second).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToArray();
        Assert.Equal(expected, pages.SelectMany(TaskCalls.Ids));
        Assert.Equal([10, 10, 5], pages.Select(p => TaskCalls.Ids(p).Length));
        Assert.All(pages, p => Assert.Equal((25, 3), (Int(p["total"]), Int(p["total_page"]))));
        Assert.Equal([1, 2, 3], pages.Select(p => Int(p["page_no"])));
        Assert.Equal(expected, TaskCalls.Ids(big));
        Assert.Equal((1, 100), (Int(big["total_page"]), Int(big["page_size"])));
        Assert.Empty(TaskCalls.Ids(beyond));
    }

    [Theory]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=ten", "page_size")]
    [InlineData("page_no=0", "page_no")]
    [InlineData("status=DONE", "status")]
    [InlineData("start_time=2026-03-01", "start_time")]
    [InlineData("end_time=20260301256000", "end_time")]
    [InlineData("start_time=20260301160000&end_time=20260301155959", "start_time")]
    [InlineData("start_time=20260228160000&end_time=20260301160001", "24 hours")]
    [InlineData("start_time=20260228155959", "24 hours")] // end defaults to now: 24 h and a second
    public async Task Bad_queries_are_refused(string query, string messagePart)
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        using var response = await emulator.ListAsync(query);

        var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
        Assert.Contains(messagePart, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_window_is_the_last_24_hours_by_default_and_utc_plus_8_when_given()
    {
        var clock = TaskCalls.NewClock(); // 16:00:00.250 UTC+8
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var early = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));
        clock.Advance(TimeSpan.FromHours(2));
        var later = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash")); // 18:00:00.250
        clock.Advance(TimeSpan.FromHours(22) - TimeSpan.FromSeconds(1)); // early is 23:59:59 old

        var byDefault = await emulator.ListOkAsync();
        var exact = await emulator.ListOkAsync("start_time=20260301160000&end_time=20260301160000"); // takes in its whole second
        var around = await emulator.ListOkAsync("start_time=20260301170000&end_time=20260301180000");
        var utc = await emulator.ListOkAsync("start_time=20260301080000&end_time=20260301100000"); // 08:00 would be UTC
        clock.Advance(TimeSpan.FromSeconds(2));
        var afterADay = await emulator.ListOkAsync();
        var explicitOld = await emulator.ListOkAsync("start_time=20260301150000&end_time=20260301170000");

        Assert.Equal([later, early], TaskCalls.Ids(byDefault));
        Assert.Equal([early], TaskCalls.Ids(exact));
        Assert.Equal([later], TaskCalls.Ids(around));
        Assert.Empty(TaskCalls.Ids(utc));
        Assert.Equal([later], TaskCalls.Ids(afterADay));
        Assert.Empty(TaskCalls.Ids(explicitOld)); // expired tasks are gone, whatever the window
    }

    [Fact]
    public async Task No_list_response_or_log_entry_holds_a_key()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        foreach (var region in new[] { "cn-beijing", "ap-southeast-1" })
        {
            await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"), region);
            await emulator.ListOkAsync(region: region);
        }

        var lists = string.Join('\n', await ListTextAsync(emulator, "cn-beijing"), await ListTextAsync(emulator, "ap-southeast-1"));
        var log = JsonSerializer.Serialize(emulator.Control.Requests)
            + await emulator.Http.GetStringAsync(new Uri(emulator.Server.BaseAddress, "_emulator/requests"));

        foreach (var key in EmulatorServer.ApiKeys.Values)
        {
            Assert.DoesNotContain(key, lists, StringComparison.Ordinal);
            Assert.DoesNotContain(key, log, StringComparison.Ordinal);
        }

        Assert.Contains("apikey:v1:", lists, StringComparison.Ordinal);
    }

    private static int Int(JsonNode? node) => node!.GetValue<int>();

    private static long Long(JsonNode? node) => node!.GetValue<long>();

    private static async Task<string> ListTextAsync(EmulatorSession emulator, string region)
    {
        using var response = await emulator.ListAsync(region: region);
        return await response.Content.ReadAsStringAsync();
    }
}
