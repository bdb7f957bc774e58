using System;
using System.Linq;
using System.Threading.Tasks;

namespace Bailian.Tests.Emulator;

/// <summary>The task-query limit (API doc §7.3: 20 per second per account), by the emulator's clock.</summary>
public sealed class TaskQueryRateLimitTests
{
    [Fact]
    public async Task The_21st_query_in_a_second_is_throttled_until_the_clock_moves_on()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));

        var allowed = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await emulator.QueryAsync(id);
            return (int)response.StatusCode;
        }));
        using var throttled = await emulator.QueryAsync(id);
        using var otherRegion = await emulator.QueryAsync(id, "ap-southeast-1"); // one account, one limit
        clock.Advance(TimeSpan.FromMilliseconds(999));
        using var stillThrottled = await emulator.QueryAsync(id);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var again = await emulator.QueryAsync(id);

        Assert.All(allowed, status => Assert.Equal(200, status));
        await EmulatorSession.AssertErrorAsync(throttled, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(429, (int)otherRegion.StatusCode);
        Assert.Equal(429, (int)stillThrottled.StatusCode);
        Assert.Equal(200, (int)again.StatusCode);
        var queries = emulator.Control.Requests.Where(r => r.Method == "GET").Select(r => r.StatusCode).ToList();
        Assert.Equal(24, queries.Count); // throttled queries are logged too
        Assert.Equal([429, 429, 429, 200], queries.Skip(20));
    }

    [Fact]
    public async Task The_window_rolls_and_the_limit_is_a_knob()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.TaskQueriesPerSecond = 3;
        var id = await emulator.SynthesizeAsync(SynthesisBodies.One("wan2.2-t2i-flash"));

        async Task<int> QueryAsync()
        {
            using var response = await emulator.QueryAsync(id);
            return (int)response.StatusCode;
        }

        var statuses = new[]
        {
            await QueryAsync(), await QueryAsync(), // at 0
            Advance(clock, 500), await QueryAsync(), await QueryAsync(), // at 0.5: the 4th in the window
            Advance(clock, 500), await QueryAsync(), await QueryAsync(), // at 1.0: the two from 0 are out
            Advance(clock, 499), await QueryAsync(),                     // at 1.499: 0.5's one still counts
        };
        using var list = await emulator.ListAsync();
        using var cancel = await emulator.CancelAsync(id);

        Assert.Equal([200, 200, 0, 200, 429, 0, 200, 200, 0, 429], statuses);
        Assert.Equal(200, (int)list.StatusCode);   // only GET /tasks/{id} is limited
        Assert.Equal(400, (int)cancel.StatusCode); // a cancel answer, not a 429
    }

    [Fact]
    public async Task Unauthorized_queries_do_not_count()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.TaskQueriesPerSecond = 1;
        using var noKey = await emulator.Http.GetAsync(new Uri(emulator.Server.ApiBase() + "/tasks/abc"));

        using var first = await emulator.QueryAsync("abc");

        Assert.Equal(401, (int)noKey.StatusCode);
        Assert.Equal(200, (int)first.StatusCode);
    }

    private static int Advance(ManualTimeProvider clock, int milliseconds)
    {
        clock.Advance(TimeSpan.FromMilliseconds(milliseconds));
        return 0;
    }
}
