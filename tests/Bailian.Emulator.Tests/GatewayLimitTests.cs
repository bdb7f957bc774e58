using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;
using Bailian.Emulator.Gateway;

namespace Bailian.Tests.Emulator;

/// <summary>
/// The emulator's shared faults, latency and per-model limits on the gateway's routes, as a gateway client's retries
/// and throttling will meet them; the gateway's calls count under their own account.
/// </summary>
public sealed class GatewayLimitTests
{
    private const string Model = "qwen-image-plus";
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_queued_429_has_retry_after_in_the_openai_shape_then_the_call_goes_through()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(6.2)));

        using var throttled = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());
        using var next = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());

        var error = await GatewayCalls.AssertErrorAsync(throttled, 429, "rate_limit_error", "rate_limit_exceeded");
        Assert.Equal("Requests rate limit exceeded, please try again later.", error["message"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(200, (int)next.StatusCode);
    }

    [Theory]
    [InlineData(500, "internal_error", "InternalError")]
    [InlineData(503, "service_unavailable", "ModelUnavailable")]
    public async Task Server_errors_are_server_error_in_the_openai_shape_and_dashscopes_code_in_the_other(int status, string code, string dashScopeCode)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var fault = status == 500 ? EmulatorFault.InternalError() : EmulatorFault.ServiceUnavailable();
        emulator.Control.EnqueueApiFault(fault);

        using var openAI = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());
        emulator.Control.Gateway.ErrorShape = GatewayErrorShape.DashScope;
        emulator.Control.EnqueueApiFault(fault);
        using var dashScope = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());

        await GatewayCalls.AssertErrorAsync(openAI, status, "server_error", code);
        Assert.False(openAI.Headers.Contains("Retry-After"));
        await EmulatorSession.AssertErrorAsync(dashScope, status, dashScopeCode);
    }

    [Fact]
    public async Task Faults_with_their_own_code_keep_it_and_are_taken_in_arrival_order_across_both_faces()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.Status(400, "DataInspectionFailed", "Input data may contain inappropriate content."));
        emulator.Control.EnqueueApiFault(EmulatorFault.InternalError());

        using var inspected = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());
        using var dashScope = await emulator.GenerateAsync(Bodies.Generation("qwen-image"));
        using var after = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());

        var error = await GatewayCalls.AssertErrorAsync(inspected, 400, "invalid_request_error", "DataInspectionFailed");
        Assert.Equal("Input data may contain inappropriate content.", error["message"]!.GetValue<string>());
        await EmulatorSession.AssertErrorAsync(dashScope, 500, "InternalError");
        Assert.Equal(200, (int)after.StatusCode);
    }

    [Fact]
    public async Task A_fault_queued_over_http_applies_to_the_gateway_and_answers_even_a_bad_key()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        using var queued = await emulator.Http.PostAsJsonAsync(
            new Uri(emulator.Server.BaseAddress, "_emulator/faults"), new { scope = "api", kind = "503", count = 2 });

        using var first = await GatewayCalls.PostAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body().ToJsonString(), "Bearer sk-wrong");
        using var second = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, "{}");
        using var third = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, "{}");

        Assert.Equal(200, (int)queued.StatusCode);
        Assert.Equal([503, 503, 400], new[] { first, second, third }.Select(r => (int)r.StatusCode));
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_call_after_reading_it_and_is_logged_as_0()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.DropConnection());

        await Assert.ThrowsAsync<HttpRequestException>(() => GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body()));
        using var next = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());

        Assert.Equal(200, (int)next.StatusCode);
        Assert.Equal([0, 200], emulator.Control.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task An_answer_cut_mid_stream_sends_part_of_a_b64_json_body()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.DropMidStream(100));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Server.GatewayBase + "/" + GatewayCalls.Generations))
        {
            Content = new StringContent(GatewayCalls.Body(extra: new JsonObject { ["response_format"] = "b64_json" }).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", GatewayCalls.Key);

        using var response = await emulator.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var declared = response.Content.Headers.ContentLength;
        await using var body = await response.Content.ReadAsStreamAsync();

        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null));
        Assert.True(declared > 1000, $"declared {declared}");
        Assert.Equal(0, emulator.Control.Requests.Single().StatusCode);
    }

    [Fact]
    public async Task A_delayed_answer_is_the_normal_one_late()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.Delay(TimeSpan.FromSeconds(1)));

        var clock = Stopwatch.StartNew();
        var body = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body());

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {clock.Elapsed}");
        Assert.Single(GatewayCalls.Urls(body));
    }

    [Fact]
    public async Task The_latency_knob_delays_gateway_answers()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.Latency = TimeSpan.FromSeconds(1);

        var clock = Stopwatch.StartNew();
        using var ok = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());
        var okAfter = clock.Elapsed;
        clock.Restart();
        using var unknown = await GatewayCalls.PostAsync(emulator, "models", "{}");
        var unknownAfter = clock.Elapsed;

        Assert.Equal(200, (int)ok.StatusCode);
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.True(okAfter >= TimeSpan.FromSeconds(0.9), $"answered after {okAfter}");
        Assert.True(unknownAfter >= TimeSpan.FromSeconds(0.9), $"answered after {unknownAfter}");
    }

    [Fact]
    public async Task The_concurrency_limit_refuses_the_next_call_at_once_with_retry_after_and_counts_the_gateway_apart()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.ConcurrentRequestsPerModel = 1;
        emulator.Control.ThrottleRetryAfter = TimeSpan.FromSeconds(2.5);
        emulator.Control.Latency = Held;

        var held = GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());
        await Poll.UntilAsync(() => emulator.Control.InFlight.Count("gateway", Model) == 1, "the first call to be in flight");
        using var refused = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());
        var refusedWhileHeld = emulator.Control.InFlight.Count("gateway", Model) == 1;
        using var otherModel = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body("qwen-image"));
        using var dashScope = await emulator.GenerateAsync(Bodies.Generation(Model)); // another account's slots
        using var done = await held;
        emulator.Control.Latency = TimeSpan.Zero;
        using var after = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());

        await GatewayCalls.AssertErrorAsync(refused, 429, "rate_limit_error", "rate_limit_exceeded");
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        Assert.True(refusedWhileHeld, "the first call was still in flight when the second was refused");
        Assert.Equal([200, 200, 200, 200], new[] { otherModel, dashScope, done, after }.Select(r => (int)r.StatusCode));
        Assert.Equal(0, emulator.Control.InFlight.Count("gateway", Model));
    }

    [Fact]
    public async Task A_call_that_fails_its_checks_takes_no_slot_and_no_place_in_the_rate()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.RequestsPerSecondPerModel = 0.001; // one call in 1000 s

        using var badSize = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { ["size"] = "1x1" }));
        using var first = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());
        using var second = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());

        Assert.Equal([400, 200, 429], new[] { badSize, first, second }.Select(r => (int)r.StatusCode));
        Assert.Equal(0, emulator.Control.InFlight.Count("gateway", Model));
    }

    [Fact]
    public async Task The_submission_rate_counts_gateway_calls_per_model_by_the_emulators_clock()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await EmulatorSession.StartAsync(new EmulatorOptions { TimeProvider = clock });
        emulator.Control.RequestsPerSecondPerModel = 1;
        emulator.Control.Gateway.ErrorShape = GatewayErrorShape.DashScope;

        using var first = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());
        using var refused = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());
        using var otherModel = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body("qwen-image"));
        clock.Advance(TimeSpan.FromSeconds(1));
        using var later = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body());

        Assert.Equal(200, (int)first.StatusCode);
        await EmulatorSession.AssertErrorAsync(refused, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(200, (int)otherModel.StatusCode);
        Assert.Equal(200, (int)later.StatusCode);
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), (await EmulatorSession.ReadJsonAsync(later))["created"]!.GetValue<long>());
    }
}
