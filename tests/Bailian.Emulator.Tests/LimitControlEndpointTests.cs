using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Bailian.Tests.Emulator;

/// <summary><c>PUT /_emulator/limits</c>: the per-model limits and result weight for an emulator run as a separate process.</summary>
public sealed class LimitControlEndpointTests
{
    [Fact]
    public async Task Every_limit_can_be_set_over_http_and_the_answer_shows_them_all()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var set = await PutAsync(emulator, "limits?concurrentPerModel=3&requestsPerSecond=2.5&throttleRetryAfterMs=1500&resultImageBytes=4000000");
        var answer = await EmulatorSession.ReadJsonAsync(set);

        Assert.Equal(200, (int)set.StatusCode);
        Assert.Equal(3, emulator.Control.ConcurrentRequestsPerModel);
        Assert.Equal(2.5, emulator.Control.RequestsPerSecondPerModel);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), emulator.Control.ThrottleRetryAfter);
        Assert.Equal(4_000_000, emulator.Control.ResultImageBytes);
        Assert.Equal(3, answer["concurrentPerModel"]!.GetValue<int>());
        Assert.Equal(2.5, answer["requestsPerSecond"]!.GetValue<double>());
        Assert.Equal(1500, answer["throttleRetryAfterMs"]!.GetValue<long>());
        Assert.Equal(4_000_000, answer["resultImageBytes"]!.GetValue<long>());
    }

    [Fact]
    public async Task Values_left_out_stay_and_an_empty_call_reads_the_defaults()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var read = await PutAsync(emulator, "limits");
        var defaults = await EmulatorSession.ReadJsonAsync(read);
        using var one = await PutAsync(emulator, "limits?concurrentPerModel=2");
        using var other = await PutAsync(emulator, "limits?requestsPerSecond=10");

        Assert.Equal(
            """{"concurrentPerModel":0,"requestsPerSecond":0,"throttleRetryAfterMs":1000,"resultImageBytes":0}""",
            defaults.ToJsonString());
        Assert.Equal(2, emulator.Control.ConcurrentRequestsPerModel);
        Assert.Equal(10, emulator.Control.RequestsPerSecondPerModel);
    }

    [Theory]
    [InlineData("concurrentPerModel", "-1")]
    [InlineData("concurrentPerModel", "two")]
    [InlineData("requestsPerSecond", "NaN")]
    [InlineData("requestsPerSecond", "-2")]
    [InlineData("requestsPerSecond", "1e3")]
    [InlineData("requestsPerSecond", "0.0001")]
    [InlineData("throttleRetryAfterMs", "1.5")]
    [InlineData("resultImageBytes", "1073741825")]
    public async Task A_bad_value_changes_nothing(string name, string bad)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var good = new Dictionary<string, string>
        {
            ["concurrentPerModel"] = "5",
            ["requestsPerSecond"] = "7",
            ["throttleRetryAfterMs"] = "3000",
            ["resultImageBytes"] = "100",
        };
        good[name] = bad;

        using var response = await PutAsync(emulator, "limits?" + string.Join("&", good.Select(p => p.Key + "=" + p.Value)));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(0, emulator.Control.ConcurrentRequestsPerModel);
        Assert.Equal(0, emulator.Control.RequestsPerSecondPerModel);
        Assert.Equal(TimeSpan.FromSeconds(1), emulator.Control.ThrottleRetryAfter);
        Assert.Equal(0, emulator.Control.ResultImageBytes);
    }

    [Fact]
    public async Task A_limit_set_over_http_throttles_create_calls()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        using var set = await PutAsync(emulator, "limits?requestsPerSecond=1&throttleRetryAfterMs=4001");
        using var first = await emulator.GenerateAsync(Bodies.Generation("qwen-image"));
        using var second = await emulator.GenerateAsync(Bodies.Generation("qwen-image"));

        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal(429, (int)second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), second.Headers.RetryAfter?.Delta);
    }

    private static Task<HttpResponseMessage> PutAsync(EmulatorSession emulator, string path) =>
        emulator.Http.PutAsync(new Uri(emulator.Server.BaseAddress, "_emulator/" + path), content: null);
}
