using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using System.Xml.Linq;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>Queued faults and the latency knob, as a client's retry and download code will meet them.</summary>
public sealed class FaultTests
{
    private const string Model = "qwen-image";

    [Fact]
    public async Task Too_many_requests_answers_429_with_retry_after_then_recovers()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(6.2)));

        using var throttled = await emulator.GenerateAsync(Bodies.Generation(Model));
        using var next = await emulator.GenerateAsync(Bodies.Generation(Model));

        await EmulatorSession.AssertErrorAsync(
            throttled, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter?.Delta); // whole seconds, rounded up
        Assert.Equal(200, (int)next.StatusCode);
    }

    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(503, "ModelUnavailable")]
    public async Task Server_errors_answer_the_service_envelope(int status, string code)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(status == 500 ? EmulatorFault.InternalError() : EmulatorFault.ServiceUnavailable());

        using var response = await emulator.GenerateAsync(Bodies.Generation(Model));

        await EmulatorSession.AssertErrorAsync(response, status, code);
        Assert.False(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Faults_are_consumed_by_the_next_requests_in_order()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.InternalError(), count: 2);
        emulator.Control.EnqueueApiFault(EmulatorFault.Status(418, "Teapot", "short and stout"));

        var statuses = new int[4];
        for (var i = 0; i < statuses.Length; i++)
        {
            using var response = await emulator.GenerateAsync(Bodies.Generation(Model));
            statuses[i] = (int)response.StatusCode;
        }

        Assert.Equal([500, 500, 418, 200], statuses);
        Assert.Equal([500, 500, 418, 200], emulator.Control.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_fault_answers_even_a_request_with_a_bad_key()
    {
        // Faults stand for the service failing before it looks at the request at all.
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.ServiceUnavailable());

        using var response = await emulator.GenerateAsync(Bodies.Generation(Model).ToJsonString(), key: "sk-wrong");

        Assert.Equal(503, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_call_and_is_logged_as_0()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.DropConnection());

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.GenerateAsync(Bodies.Generation(Model)));
        using var next = await emulator.GenerateAsync(Bodies.Generation(Model));

        Assert.Equal(200, (int)next.StatusCode);
        var dropped = emulator.Control.Requests[0];
        Assert.Equal(0, dropped.StatusCode);
        Assert.Contains("a red fox", dropped.Body, StringComparison.Ordinal); // the whole body was read first
    }

    [Fact]
    public async Task An_api_answer_cut_mid_stream_sends_part_of_the_body()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.DropMidStream(20));

        var (declared, received, failure) = await ReadCutAsync(emulator.Http, emulator.GenerationUri(), EmulatorSession.Key("cn-beijing"));

        Assert.True(declared > 20);
        Assert.Equal(20, received);
        Assert.IsAssignableFrom<IOException>(failure);
        Assert.Equal(0, emulator.Control.Requests.Single().StatusCode);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1000, 1000)]
    [InlineData(long.MaxValue, -1)] // past the end: everything but the last byte, so the body is still cut
    public async Task A_download_cut_mid_stream_declares_the_full_length_but_sends_less(long afterBytes, long expectedFromEnd)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation(Model))).Single();
        var full = (await emulator.DownloadAsync(url)).Length;
        emulator.Control.EnqueueDownloadFault(EmulatorFault.DropMidStream(afterBytes));

        var (declared, received, failure) = await ReadCutAsync(emulator.Http, url, key: null);
        var again = await emulator.DownloadAsync(url);

        Assert.Equal(full, declared);
        Assert.Equal(expectedFromEnd < 0 ? full + expectedFromEnd : expectedFromEnd, received);
        Assert.IsAssignableFrom<IOException>(failure);
        Assert.Equal(full, again.Length);
    }

    [Fact]
    public async Task A_dropped_download_fails_the_request()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation(Model))).Single();
        emulator.Control.EnqueueDownloadFault(EmulatorFault.DropConnection());

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.Http.GetAsync(url));
        var again = await emulator.DownloadAsync(url);

        Assert.Equal([0, 200], emulator.Control.Requests.Where(r => r.Kind == "download").Select(r => r.StatusCode));
        PngFile.Parse(again);
    }

    [Fact]
    public async Task Download_status_faults_answer_in_oss_xml_and_leave_the_api_alone()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueDownloadFault(EmulatorFault.ServiceUnavailable());
        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation(Model))).Single();

        using var response = await emulator.Http.GetAsync(url);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ModelUnavailable", XElement.Parse(await response.Content.ReadAsStringAsync()).Element("Code")!.Value);
    }

    [Fact]
    public async Task Latency_delays_api_answers()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.Latency = TimeSpan.FromMilliseconds(300);

        var clock = Stopwatch.StartNew();
        using var response = await emulator.GenerateAsync(Bodies.Generation(Model));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_client_that_gives_up_during_latency_gets_nothing_and_the_server_moves_on()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.Latency = TimeSpan.FromMinutes(5);
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(1) }; // long enough for the server to have read it

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsync(
            emulator.GenerationUri(), new StringContent(Bodies.Generation(Model).ToJsonString())));

        emulator.Control.Latency = TimeSpan.Zero;
        using var next = await emulator.GenerateAsync(Bodies.Generation(Model));
        Assert.Equal(200, (int)next.StatusCode);
        Assert.Equal([0, 200], emulator.Control.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Disposing_the_server_cuts_requests_waiting_on_latency()
    {
        var emulator = await EmulatorSession.StartAsync();
        emulator.Control.Latency = TimeSpan.FromMinutes(5);
        var pending = emulator.GenerateAsync(Bodies.Generation(Model));

        var clock = Stopwatch.StartNew();
        while (emulator.Control.Requests.Count == 0)
        {
            await Task.Yield(); // wait for the request to arrive; no fixed sleep
        }

        await emulator.Server.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => pending);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        await emulator.DisposeAsync();
    }

    [Fact]
    public void Fault_factories_check_their_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.Status(200, "Ok", "fine"));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.DropMidStream(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(-1)));
    }

    /// <summary>Reads a response whose body is cut: its declared length, the bytes that came, and how it failed.</summary>
    private static async Task<(long? Declared, long Received, Exception? Failure)> ReadCutAsync(HttpClient http, Uri uri, string? key)
    {
        using var request = key is null
            ? new HttpRequestMessage(HttpMethod.Get, uri)
            : new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(Bodies.Generation(Model).ToJsonString()) };
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var declared = response.Content.Headers.ContentLength;
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[8192];
        long received = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received += read;
            }
        }
        catch (IOException ex)
        {
            return (declared, received, ex);
        }

        return (declared, received, null);
    }
}
