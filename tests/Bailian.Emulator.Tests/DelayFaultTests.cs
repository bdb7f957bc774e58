using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary><see cref="EmulatorFault.Delay"/>: a call the server accepted and answered, whose answer comes too late.</summary>
public sealed class DelayFaultTests
{
    private const string Model = "qwen-image";

    [Fact]
    public async Task A_client_that_times_out_misses_an_answer_the_server_gave()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.Delay(TimeSpan.FromMinutes(5)));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };

        using var request = Generation(emulator);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.SendAsync(request));
        await Poll.UntilAsync(() => emulator.Control.Requests is [{ StatusCode: not 0 }], "the delayed call to be logged");
        using var next = await emulator.GenerateAsync(Bodies.Generation(Model));

        Assert.Equal([200, 200], emulator.Control.Requests.Select(r => r.StatusCode)); // answered, not dropped
        Assert.Equal(200, (int)next.StatusCode);
    }

    [Fact]
    public async Task A_patient_client_gets_the_whole_answer_late()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.Delay(TimeSpan.FromSeconds(1)));

        var clock = Stopwatch.StartNew();
        var body = await emulator.GenerateOkAsync(Bodies.Generation(Model));
        var delayed = clock.Elapsed;
        clock.Restart();
        using var next = await emulator.GenerateAsync(Bodies.Generation(Model));

        Assert.True(delayed >= TimeSpan.FromMilliseconds(990), $"answered after {delayed}");
        Assert.Single(EmulatorSession.ImageUrls(body));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(990), $"the next call took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_delay_comes_on_top_of_the_latency_and_an_error_is_delayed_too()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.Latency = TimeSpan.FromMilliseconds(200);
        emulator.Control.EnqueueApiFault(EmulatorFault.Delay(TimeSpan.FromMilliseconds(300)));

        var clock = Stopwatch.StartNew();
        using var response = await emulator.GenerateAsync(Bodies.Generation(Model).ToJsonString(), key: "sk-wrong");

        await EmulatorSession.AssertErrorAsync(response, 401, "InvalidApiKey");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(490), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_delayed_async_create_still_creates_its_task()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        emulator.Control.EnqueueApiFault(EmulatorFault.Delay(TimeSpan.FromMinutes(5)));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Server.ApiBase() + TaskCalls.SynthesisPath))
        {
            Content = new StringContent(SynthesisBodies.One("wan2.2-t2i-flash").ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", EmulatorSession.Key("cn-beijing"));
        request.Headers.Add("X-DashScope-Async", "enable");

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.SendAsync(request));
        await Poll.UntilAsync(() => emulator.Control.Requests is [{ StatusCode: not 0 }], "the delayed create to be logged");
        var listed = await emulator.ListOkAsync();

        Assert.Single(TaskCalls.Ids(listed));
        Assert.Equal(200, emulator.Control.Requests[0].StatusCode);
    }

    [Fact]
    public async Task A_download_can_be_delayed()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation(Model))).Single();
        var whole = await emulator.DownloadAsync(url);
        emulator.Control.EnqueueDownloadFault(EmulatorFault.Delay(TimeSpan.FromMilliseconds(300)));

        var clock = Stopwatch.StartNew();
        var delayed = await emulator.DownloadAsync(url);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {clock.Elapsed}");
        Assert.Equal(whole, delayed);
    }

    [Fact]
    public async Task Disposing_the_server_cuts_a_delayed_answer()
    {
        var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.Delay(TimeSpan.FromMinutes(5)));
        var pending = emulator.GenerateAsync(Bodies.Generation(Model));
        await Poll.UntilAsync(() => emulator.Control.Requests is [{ StatusCode: 200 }], "the call to be answered");

        var clock = Stopwatch.StartNew();
        await emulator.Server.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => pending);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}"); // before Kestrel's own 5 s cut-off
        await emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_delay_can_be_posted_over_http()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var posted = await emulator.Http.PostAsync(
            new Uri(emulator.Server.BaseAddress, "_emulator/faults"),
            new StringContent("""{"scope":"api","kind":"delay","delayMs":1000,"count":2}""", Encoding.UTF8, "application/json"));
        using var noDelay = await emulator.Http.PostAsync(
            new Uri(emulator.Server.BaseAddress, "_emulator/faults"),
            new StringContent("""{"scope":"api","kind":"delay"}""", Encoding.UTF8, "application/json"));
        var times = new TimeSpan[3];
        for (var i = 0; i < times.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await emulator.GenerateAsync(Bodies.Generation(Model));
            Assert.Equal(200, (int)response.StatusCode);
            times[i] = clock.Elapsed;
        }

        Assert.Equal(200, (int)posted.StatusCode);
        Assert.Equal(400, (int)noDelay.StatusCode);
        Assert.True(times[0] >= TimeSpan.FromMilliseconds(990) && times[1] >= TimeSpan.FromMilliseconds(990), string.Join(", ", times));
        Assert.True(times[2] < TimeSpan.FromMilliseconds(990), $"the third call took {times[2]}");
    }

    [Fact]
    public void The_factory_checks_its_argument()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.Delay(TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.Delay(TimeSpan.FromDays(50)));
        Assert.NotNull(EmulatorFault.Delay(TimeSpan.Zero));
    }

    private static HttpRequestMessage Generation(EmulatorSession emulator)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, emulator.GenerationUri())
        {
            Content = new StringContent(Bodies.Generation(Model).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", EmulatorSession.Key("cn-beijing"));
        return request;
    }
}
