using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>
/// <see cref="EmulatorControl.RequestsPerSecondPerModel"/>: create calls of one (region, model) in any rolling
/// second by the emulator's clock, sync and async alike.
/// </summary>
public sealed class SubmissionRateTests
{
    private const string Model = "qwen-image";

    [Fact]
    public async Task Create_calls_beyond_the_rate_are_throttled_until_the_window_rolls()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.RequestsPerSecondPerModel = 2;
        emulator.Control.ThrottleRetryAfter = TimeSpan.FromSeconds(2.2);

        using var sync = await emulator.GenerateAsync(Bodies.Generation(Model));
        using var asyncCreate = await emulator.CreateAsync(TaskCalls.SynthesisPath, SynthesisBodies.One(Model)); // the same model's budget
        using var throttled = await emulator.GenerateAsync(Bodies.Generation(Model));
        using var throttledAsync = await emulator.CreateAsync(TaskCalls.SynthesisPath, SynthesisBodies.One(Model));
        using var otherRegion = await emulator.GenerateAsync(Bodies.Generation(Model), "ap-southeast-1");
        using var otherModel = await emulator.GenerateAsync(Bodies.Generation("qwen-image-plus"));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        using var stillThrottled = await emulator.GenerateAsync(Bodies.Generation(Model));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var again = await emulator.GenerateAsync(Bodies.Generation(Model));
        using var againToo = await emulator.GenerateAsync(Bodies.Generation(Model)); // refused calls never counted
        using var third = await emulator.GenerateAsync(Bodies.Generation(Model));

        Assert.Equal(200, (int)sync.StatusCode);
        Assert.Equal(200, (int)asyncCreate.StatusCode);
        await EmulatorSession.AssertErrorAsync(throttled, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
        await EmulatorSession.AssertErrorAsync(throttledAsync, 429, "Throttling.RateQuota");
        Assert.Equal(TimeSpan.FromSeconds(3), throttledAsync.Headers.RetryAfter?.Delta);
        Assert.Equal(200, (int)otherRegion.StatusCode);
        Assert.Equal(200, (int)otherModel.StatusCode);
        Assert.Equal(429, (int)stillThrottled.StatusCode);
        Assert.Equal(200, (int)again.StatusCode);
        Assert.Equal(200, (int)againToo.StatusCode);
        Assert.Equal(429, (int)third.StatusCode);
        Assert.Single(emulator.Control.Requests, r => r.Path.Contains("image-synthesis", StringComparison.Ordinal) && r.StatusCode == 200);
    }

    [Fact]
    public async Task Every_async_create_endpoint_counts()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.RequestsPerSecondPerModel = 1;
        using var first = await emulator.CreateAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-t2i"));
        using var second = await emulator.CreateAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-t2i"));
        using var sync = await emulator.GenerateAsync(Bodies.Generation("wan2.6-t2i"));

        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal(429, (int)second.StatusCode);
        Assert.Equal(429, (int)sync.StatusCode);
    }

    [Fact]
    public async Task Calls_that_fail_their_checks_do_not_count()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.RequestsPerSecondPerModel = 1;

        using var badSize = await emulator.GenerateAsync(Bodies.Generation(Model, parameters: new JsonObject { ["size"] = "1*1" }));
        using var noAsyncHeader = await emulator.CreateAsync(TaskCalls.SynthesisPath, SynthesisBodies.One(Model), asyncHeader: null);
        using var first = await emulator.GenerateAsync(Bodies.Generation(Model));
        using var badAfterwards = await emulator.GenerateAsync(Bodies.Generation(Model, parameters: new JsonObject { ["size"] = "1*1" }));

        Assert.Equal(400, (int)badSize.StatusCode);
        Assert.Equal(403, (int)noAsyncHeader.StatusCode);
        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal(400, (int)badAfterwards.StatusCode); // its own error first, not a 429
    }

    [Theory]
    [InlineData(2.9, new[] { 0, 0, 0, 1000, 1000 }, new[] { 200, 200, 429, 200, 200 })] // the fraction buys nothing
    [InlineData(0.5, new[] { 0, 1999, 2000, 2000 }, new[] { 200, 429, 200, 429 })]      // one call every two seconds
    public async Task Fractional_rates(double perSecond, int[] atMilliseconds, int[] expected)
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.RequestsPerSecondPerModel = perSecond;

        var statuses = new int[atMilliseconds.Length];
        var now = 0;
        for (var i = 0; i < statuses.Length; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(atMilliseconds[i] - now));
            now = atMilliseconds[i];
            using var response = await emulator.GenerateAsync(Bodies.Generation(Model));
            statuses[i] = (int)response.StatusCode;
        }

        Assert.Equal(expected, statuses);
    }

    [Fact]
    public async Task No_limit_by_default()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => emulator.GenerateAsync(Bodies.Generation(Model))));

        Assert.Equal(0, emulator.Control.RequestsPerSecondPerModel);
        Assert.All(responses, r => Assert.Equal(200, (int)r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_throttled_call_is_answered_at_once_whatever_the_latency()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.RequestsPerSecondPerModel = 1;
        using var first = await emulator.GenerateAsync(Bodies.Generation(Model));
        emulator.Control.Latency = TimeSpan.FromMinutes(5);
        using var quick = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.GenerationUri())
        {
            Content = new StringContent(Bodies.Generation(Model).ToJsonString()),
        };
        request.Headers.Authorization = new("Bearer", EmulatorSession.Key("cn-beijing"));

        using var throttled = await quick.SendAsync(request);

        Assert.Equal(429, (int)throttled.StatusCode);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0.0001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task The_rate_checks_its_value(double perSecond)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.Control.RequestsPerSecondPerModel = perSecond);
        Assert.Equal(0, emulator.Control.RequestsPerSecondPerModel);
    }
}
