using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Catalog;
using Bailian.Connection;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Tests.Support;

namespace Bailian.Tests.Http;

/// <summary>
/// Which failures are retried, how often and how far apart, against the emulator's injected faults.
/// Backoff waits run on an instant clock, so the delays are asserted exactly without sleeping.
/// </summary>
public sealed class RetryTests : IClassFixture<ManualClockEmulatorFixture>, IDisposable
{
    private readonly ManualClockEmulatorFixture _emulator;
    private readonly DashScopeTransport _transport = new();
    private readonly InstantTimeProvider _clock = new();

    public RetryTests(ManualClockEmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
    }

    public void Dispose() => _transport.Dispose();

    private TransportOptions Options(int retries = 3, bool jitter = false, TimeSpan? timeout = null) => new()
    {
        MaxRetryCount = retries, UseJitter = jitter, TimeProvider = _clock, BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30), Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    private async Task<System.Collections.Generic.IReadOnlyList<ImageResult>> Generate(TransportOptions options, DashScopeConnection? connection = null) =>
        (await Clients.For(_transport).GenerateAsync(
            TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "a red fox" }, ModelCatalog.Default),
            connection ?? _emulator.Connect(), options, Bailian.Work.NullLog.Instance, CancellationToken.None)).Images;

    [Fact]
    public async Task Throttling_is_retried_after_exactly_the_Retry_After_the_server_sent()
    {
        _emulator.Server.Control.EnqueueApiFault(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(7)), count: 2);

        var images = await Generate(Options());

        Assert.Single(images);
        Assert.Equal(3, _emulator.ApiRequestCount);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], _clock.Delays);
    }

    [Fact]
    public async Task Server_errors_back_off_exponentially()
    {
        _emulator.Server.Control.EnqueueApiFault(EmulatorFault.InternalError());
        _emulator.Server.Control.EnqueueApiFault(EmulatorFault.ServiceUnavailable());
        _emulator.Server.Control.EnqueueApiFault(EmulatorFault.Status(502, "BadGateway", "bad gateway"));

        await Generate(Options());

        Assert.Equal(4, _emulator.ApiRequestCount);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _clock.Delays);
    }

    [Fact]
    public async Task Jittered_backoff_stays_within_bounds()
    {
        _emulator.Server.Control.EnqueueApiFault(EmulatorFault.InternalError(), count: 3);

        await Generate(Options(jitter: true));

        Assert.Equal(3, _clock.Delays.Count);
        Assert.All(_clock.Delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Retries_stop_at_MaxRetryCount_and_the_last_error_is_reported()
    {
        _emulator.Server.Control.EnqueueApiFault(EmulatorFault.ServiceUnavailable(), count: 3);

        var error = await Assert.ThrowsAsync<DashScopeException>(() => Generate(Options(retries: 2)));

        Assert.Equal(503, (int)error.StatusCode);
        Assert.Equal(3, _emulator.ApiRequestCount);
        Assert.Equal(2, _clock.Delays.Count);
        // The third fault is still queued: consume it so the next test starts clean.
        await Generate(Options());
    }

    [Theory]
    [InlineData(400, "InvalidParameter")]
    [InlineData(400, "DataInspectionFailed")]
    [InlineData(401, "InvalidApiKey")]
    [InlineData(403, "AccessDenied")]
    [InlineData(429, "Throttling.AllocationQuota")]
    [InlineData(429, "PrepaidBillOverdue")]
    public async Task Errors_that_waiting_cannot_cure_are_not_retried(int status, string code)
    {
        _emulator.Server.Control.EnqueueApiFault(EmulatorFault.Status(status, code, "no"));

        var error = await Assert.ThrowsAsync<DashScopeException>(() => Generate(Options()));

        Assert.Equal(code, error.Code);
        Assert.Equal(1, _emulator.ApiRequestCount);
        Assert.Empty(_clock.Delays);
    }

    [Fact]
    public async Task A_dropped_connection_after_the_body_was_sent_is_never_resent()
    {
        _emulator.Server.Control.EnqueueApiFault(EmulatorFault.DropConnection());

        var error = await Assert.ThrowsAsync<OutcomeUnknownException>(() => Generate(Options()));

        Assert.Equal("Bailian.OutcomeUnknown", error.ErrorId);
        Assert.Contains("may have generated, and billed", error.Message);
        Assert.Equal(1, _emulator.ApiRequestCount);
        Assert.Empty(_clock.Delays);
    }

    [Fact]
    public async Task A_dropped_connection_on_a_reused_connection_is_not_resent_by_HttpClient_either()
    {
        await Generate(Options()); // warms a pooled connection
        _emulator.Server.Control.ClearRequests();
        _emulator.Server.Control.EnqueueApiFault(EmulatorFault.DropConnection());

        await Assert.ThrowsAsync<OutcomeUnknownException>(() => Generate(Options()));

        Assert.Equal(1, _emulator.ApiRequestCount);
    }

    [Fact]
    public async Task A_timeout_after_sending_is_reported_as_possibly_billed_not_retried()
    {
        _emulator.Server.Control.Latency = TimeSpan.FromSeconds(5);

        var error = await Assert.ThrowsAsync<OutcomeUnknownException>(() => Generate(Options(timeout: TimeSpan.FromMilliseconds(300))));

        Assert.Contains("no answer within 0.3 s", error.Message);
        Assert.Equal(1, _emulator.ApiRequestCount);
    }

    [Fact]
    public async Task A_connection_that_never_opened_is_safe_to_retry()
    {
        var closedPort = ClosedPort();
        var endpoint = DashScopeEndpoint.Select($"http://127.0.0.1:{closedPort}/cn-beijing/api/v1", null, null, null, null, null);
        var connection = new DashScopeConnection(endpoint, _emulator.Connect().ApiKey);

        var error = await Assert.ThrowsAsync<NotSentException>(() => Generate(Options(retries: 2), connection));

        Assert.Equal("Bailian.ConnectionFailed", error.ErrorId);
        Assert.Equal(2, _clock.Delays.Count);
    }

    [Fact]
    public async Task No_retries_when_MaxRetryCount_is_zero()
    {
        _emulator.Server.Control.EnqueueApiFault(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)));

        var error = await Assert.ThrowsAsync<DashScopeException>(() => Generate(Options(retries: 0)));

        Assert.Equal("Bailian.Throttled", error.ErrorId);
        Assert.Equal(1, _emulator.ApiRequestCount);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
