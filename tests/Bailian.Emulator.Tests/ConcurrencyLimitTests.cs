using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>
/// <see cref="EmulatorControl.ConcurrentRequestsPerModel"/>: sync generations of one (region, model) in flight at
/// once, held in flight by the latency knob, as a client's batch engine will meet the limit.
/// </summary>
public sealed class ConcurrencyLimitTests
{
    private const string Model = "qwen-image";
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task The_third_concurrent_call_is_refused_at_once_and_gets_through_once_one_finishes()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ConcurrentRequestsPerModel = 2;
        emulator.Control.Latency = Held;

        var first = emulator.GenerateAsync(Bodies.Generation(Model));
        var second = emulator.GenerateAsync(Bodies.Generation(Model));
        await WaitInFlightAsync(emulator, 2);
        var clock = Stopwatch.StartNew();
        using var third = await emulator.GenerateAsync(Bodies.Generation(Model));
        var refusedAfter = clock.Elapsed;
        using var firstDone = await first;
        using var fourth = await emulator.GenerateAsync(Bodies.Generation(Model)); // the second may still run
        using var secondDone = await second;

        await EmulatorSession.AssertErrorAsync(third, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        Assert.Equal(TimeSpan.FromSeconds(1), third.Headers.RetryAfter?.Delta);
        Assert.True(refusedAfter < Held, $"refused after {refusedAfter}: the latency is not served to a refused call");
        Assert.Equal([200, 200, 200], new[] { firstDone, secondDone, fourth }.Select(r => (int)r.StatusCode));
        Assert.Equal(0, emulator.Control.InFlight.Count("cn-beijing", Model));
        Assert.Equal([200, 200, 200, 429], emulator.Control.Requests.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task Refused_calls_do_not_take_a_slot()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ConcurrentRequestsPerModel = 2;
        emulator.Control.Latency = Held;
        emulator.Control.ThrottleRetryAfter = TimeSpan.FromSeconds(2.5);

        var held = new[] { emulator.GenerateAsync(Bodies.Generation(Model)), emulator.GenerateAsync(Bodies.Generation(Model)) };
        await WaitInFlightAsync(emulator, 2);
        var refused = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => emulator.GenerateAsync(Bodies.Generation(Model))));
        var inFlightAfterRefusals = emulator.Control.InFlight.Count("cn-beijing", Model);
        var done = await Task.WhenAll(held);
        emulator.Control.Latency = TimeSpan.Zero;
        using var after = await emulator.GenerateAsync(Bodies.Generation(Model));

        Assert.All(refused, r => Assert.Equal(429, (int)r.StatusCode));
        Assert.All(refused, r => Assert.Equal(TimeSpan.FromSeconds(3), r.Headers.RetryAfter?.Delta)); // whole seconds, rounded up
        Assert.Equal(2, inFlightAfterRefusals);
        Assert.All(done, r => Assert.Equal(200, (int)r.StatusCode));
        Assert.Equal(200, (int)after.StatusCode);
        foreach (var response in refused.Concat(done))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_zero_ThrottleRetryAfter_refuses_without_a_Retry_After()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ConcurrentRequestsPerModel = 1;
        emulator.Control.Latency = Held;
        emulator.Control.ThrottleRetryAfter = TimeSpan.Zero;

        var held = emulator.GenerateAsync(Bodies.Generation(Model));
        await WaitInFlightAsync(emulator, 1);
        using var refused = await emulator.GenerateAsync(Bodies.Generation(Model));
        using var done = await held;

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Null(refused.Headers.RetryAfter);
        Assert.Equal(200, (int)done.StatusCode);
    }

    [Fact]
    public async Task Models_and_regions_are_counted_apart_and_async_creates_are_not_counted()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ConcurrentRequestsPerModel = 1;
        emulator.Control.Latency = Held;

        var held = emulator.GenerateAsync(Bodies.Generation(Model));
        await WaitInFlightAsync(emulator, 1);
        var sameModel = emulator.GenerateAsync(Bodies.Generation(Model));
        var otherRegion = emulator.GenerateAsync(Bodies.Generation(Model), "ap-southeast-1");
        var otherModel = emulator.GenerateAsync(Bodies.Generation("qwen-image-plus"));
        var asyncCreate = emulator.CreateAsync(TaskCalls.SynthesisPath, SynthesisBodies.One(Model));
        using var refused = await sameModel;
        var refusedWhileHeld = emulator.Control.InFlight.Count("cn-beijing", Model) == 1;
        using var singapore = await otherRegion;
        using var plus = await otherModel;
        using var task = await asyncCreate;
        using var done = await held;

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.True(refusedWhileHeld, "the first call was still in flight when the second was refused");
        Assert.Equal(200, (int)singapore.StatusCode);
        Assert.Equal(200, (int)plus.StatusCode);
        Assert.Equal(200, (int)task.StatusCode);
        Assert.Equal(200, (int)done.StatusCode);
    }

    [Fact]
    public async Task A_call_that_fails_its_checks_is_answered_as_such_and_takes_no_slot()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ConcurrentRequestsPerModel = 1;
        emulator.Control.Latency = Held;

        var held = emulator.GenerateAsync(Bodies.Generation(Model));
        await WaitInFlightAsync(emulator, 1);
        using var badSize = await emulator.GenerateAsync(Bodies.Generation(Model, parameters: new JsonObject { ["size"] = "1*1" }));
        using var badKey = await emulator.GenerateAsync(Bodies.Generation(Model).ToJsonString(), key: "sk-wrong");
        using var done = await held;

        Assert.Equal(400, (int)badSize.StatusCode);
        Assert.Equal(401, (int)badKey.StatusCode);
        Assert.Equal(200, (int)done.StatusCode);
        Assert.Equal(0, emulator.Control.InFlight.Count("cn-beijing", Model));
    }

    [Fact]
    public async Task A_client_that_gives_up_frees_its_slot()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ConcurrentRequestsPerModel = 1;
        emulator.Control.Latency = TimeSpan.FromMinutes(5);
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.GenerationUri())
        {
            Content = new StringContent(Bodies.Generation(Model).ToJsonString()),
        };
        request.Headers.Authorization = new("Bearer", EmulatorSession.Key("cn-beijing"));
        using var giveUp = new CancellationTokenSource();

        var call = emulator.Http.SendAsync(request, giveUp.Token);
        await WaitInFlightAsync(emulator, 1);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await WaitInFlightAsync(emulator, 0);
        emulator.Control.Latency = TimeSpan.Zero;
        using var next = await emulator.GenerateAsync(Bodies.Generation(Model));

        Assert.Equal(200, (int)next.StatusCode);
        Assert.Equal([0, 200], emulator.Control.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_delayed_answer_keeps_its_slot_until_it_is_written()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ConcurrentRequestsPerModel = 1;
        emulator.Control.EnqueueApiFault(EmulatorFault.Delay(Held));

        var delayed = emulator.GenerateAsync(Bodies.Generation(Model));
        await WaitInFlightAsync(emulator, 1);
        using var refused = await emulator.GenerateAsync(Bodies.Generation(Model));
        using var done = await delayed;
        using var after = await emulator.GenerateAsync(Bodies.Generation(Model));

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal(200, (int)done.StatusCode);
        Assert.Equal(200, (int)after.StatusCode);
    }

    [Fact]
    public async Task The_limit_checks_its_value()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var control = emulator.Control;

        Assert.Throws<ArgumentOutOfRangeException>(() => control.ConcurrentRequestsPerModel = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => control.ThrottleRetryAfter = TimeSpan.FromSeconds(-1));
        Assert.Equal(0, control.ConcurrentRequestsPerModel);
        Assert.Equal(TimeSpan.FromSeconds(1), control.ThrottleRetryAfter);
    }

    internal static Task WaitInFlightAsync(EmulatorSession emulator, int count) =>
        Poll.UntilAsync(() => emulator.Control.InFlight.Count("cn-beijing", Model) == count, $"{count} call(s) of {Model} in flight");
}
