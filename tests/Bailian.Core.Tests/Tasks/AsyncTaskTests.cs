using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Batch;
using Bailian.Catalog;
using Bailian.Tests.Batch;
using Bailian.Connection;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Work;
using Bailian.Tasks;
using Bailian.Tests.Support;

namespace Bailian.Tests.Tasks;

/// <summary>
/// Asynchronous models end to end against the emulator. Client and emulator share one instant clock:
/// each poll delay is recorded and moves the emulator's tasks along, so nothing sleeps for real.
/// </summary>
public sealed class AsyncTaskTests : InstantClockEmulatorTests
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Emulator.Control.TaskPendingTime = TimeSpan.FromSeconds(1);
        Emulator.Control.TaskRunningTime = TimeSpan.FromSeconds(3);
    }

    private static PreparedGeneration Prepare(string model, bool async = true, int? count = null, string prompt = "a snowfield") =>
        TextToImagePlanner.Prepare(new TextToImageRequest { Model = model, Prompt = prompt, Async = async, Count = count, Name = "row" },
            ModelCatalog.Default);

    private async Task<ImageTask> Submit(PreparedGeneration prepared, string region = "cn-beijing") =>
        (await Clients.For(Transport, Clock).Images.CreateAsync(prepared, Connect(region), Options, Log, CancellationToken.None)).Task!;

    private Task<ImageTask> Wait(ImageTask task, TimeSpan? timeout = null, string region = "cn-beijing") =>
        Clients.For(Transport, Clock).WaitTaskAsync(new TaskToWait(task, Connect(region)), timeout, Options, Log, CancellationToken.None);

    private IEnumerable<RecordedRequest> Api => Emulator.Control.Requests.Where(r => r.Kind == "api");

    private static string Header(RecordedRequest request, string name) =>
        request.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value ?? "";

    [Fact]
    public async Task An_old_protocol_task_is_created_with_the_async_header_and_n_then_waited_on_the_SDK_schedule()
    {
        var task = await Submit(Prepare("wan2.2-t2i-flash"));

        var create = Assert.Single(Api);
        Assert.EndsWith("/services/aigc/text2image/image-synthesis", create.Path);
        Assert.Equal("enable", Header(create, "X-DashScope-Async"));
        Assert.Contains("\"n\":1", create.Body, StringComparison.Ordinal);
        Assert.Equal((ImageTaskStatus.Pending, "wan2.2-t2i-flash", "cn-beijing"), (task.Status, task.Model, task.Region));

        var finished = await Wait(task);

        // Pending 1 s, running 3 s: polls at 0 (pending), 1, 2 (running), 4 (done).
        Assert.Equal([1.0, 1.0, 2.0], Clock.Delays.Select(d => d.TotalSeconds));
        Assert.Equal(4, Api.Count(r => r.Path.Contains("/tasks/", StringComparison.Ordinal)));
        Assert.Equal(ImageTaskStatus.Succeeded, finished.Status);
        var image = Assert.Single(finished.Results);
        Assert.Equal(("a snowfield", "row", "wan2.2-t2i-flash", task.TaskId), (image.Prompt, image.Name, image.Model, image.TaskId));
        Assert.False(string.IsNullOrEmpty(image.ActualPrompt));
        Assert.True(finished.EndTime > finished.ScheduledTime && finished.ScheduledTime >= finished.SubmitTime);
    }

    [Fact]
    public async Task A_new_protocol_task_reads_its_images_from_choices()
    {
        var finished = await Wait(await Submit(Prepare("wan2.6-t2i", count: 2)));

        Assert.EndsWith("/services/aigc/image-generation/generation", Api.First().Path);
        Assert.Equal([0, 1], finished.Results.Select(r => r.Index));
        Assert.All(finished.Results, r => Assert.Equal("1280*1280", r.Size));
    }

    [Fact]
    public async Task Qwen_image_async_uses_the_old_protocol()
    {
        var finished = await Wait(await Submit(Prepare("qwen-image-plus")));

        Assert.EndsWith("/services/aigc/text2image/image-synthesis", Api.First().Path);
        Assert.Contains("\"input\":{\"prompt\":\"a snowfield\"}", Api.First().Body, StringComparison.Ordinal);
        Assert.Single(finished.Results);
    }

    [Fact]
    public async Task Without_Async_an_async_only_model_is_submitted_and_waited_on()
    {
        // As New-BailianImage sends a row: through the batch engine.
        var outcome = Assert.Single(await new BatchRunner(Transport, new BatchOptions { Transport = Options }, Clock)
            .RunAsync(Connect(), [new TextToImageRequest { Model = "wan2.5-t2i-preview", Prompt = "a snowfield", Name = "row" }]));

        Assert.Single(outcome.Images);
        Assert.Empty(outcome.Failures);
        Assert.Single(Api, r => r.Method == "POST");
    }

    [Fact]
    public async Task Singapore_gets_the_wan21_name_it_knows()
    {
        await Submit(Prepare("wanx2.1-t2i-plus"), "ap-southeast-1");
        Assert.Contains("\"model\":\"wan2.1-t2i-plus\"", Assert.Single(Api).Body, StringComparison.Ordinal);
        Assert.Contains(Log.Lines, l => l.Contains("is called wan2.1-t2i-plus in Singapore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_task_is_an_error_with_its_code_and_message()
    {
        Emulator.Control.EnqueueTaskOutcome(TaskOutcome.Failed("InvalidParameter", "The size is not supported."));

        var finished = await Wait(await Submit(Prepare("wan2.2-t2i-flash")));

        Assert.Equal((ImageTaskStatus.Failed, "InvalidParameter"), (finished.Status, finished.ErrorCode));
        var error = Assert.Single(TaskErrors.Of(finished));
        Assert.Equal("Bailian.TaskFailed", error.ErrorId);
        Assert.Contains("The size is not supported.", error.Message);
    }

    [Fact]
    public async Task A_partial_success_keeps_the_images_that_were_made()
    {
        Emulator.Control.EnqueueTaskOutcome(TaskOutcome.PartialFailure(1));

        var finished = await Wait(await Submit(Prepare("wan2.2-t2i-flash", count: 3)));

        Assert.Equal(ImageTaskStatus.Succeeded, finished.Status);
        Assert.Equal([0, 1], finished.Results.Select(r => r.Index));
        Assert.Equal(2, Assert.Single(finished.FailedImages).Index);
        Assert.Equal(new TaskImageCounts(3, 2, 1), finished.Metrics);
    }

    [Fact]
    public async Task Success_with_every_image_filtered_is_reported_as_content_filtered()
    {
        Emulator.Control.EnqueueTaskOutcome(TaskOutcome.ContentFiltered());

        var finished = await Wait(await Submit(Prepare("wan2.2-t2i-flash")));

        Assert.Empty(finished.Results);
        Assert.Equal("Bailian.ContentFiltered", Assert.Single(TaskErrors.Of(finished)).ErrorId);
    }

    [Fact]
    public async Task A_task_known_only_by_its_id_gives_images_that_say_where_they_were_made()
    {
        var submitted = await Submit(Prepare("wan2.2-t2i-flash"), region: "ap-southeast-1");

        var finished = await Wait(new ImageTask { TaskId = submitted.TaskId }, region: "ap-southeast-1");

        var image = Assert.Single(finished.Results);
        Assert.Equal(("ap-southeast-1", Connect("ap-southeast-1").Endpoint.BaseUrl.ToString()), (image.Region, image.Endpoint));
    }

    [Fact]
    public async Task An_unknown_id_is_UNKNOWN()
    {
        var finished = await Wait(new ImageTask { TaskId = Guid.NewGuid().ToString() });

        Assert.Equal(ImageTaskStatus.Unknown, finished.Status);
        Assert.Equal("Bailian.TaskUnknown", Assert.Single(TaskErrors.Of(finished)).ErrorId);
    }

    [Fact]
    public async Task A_pending_task_can_be_canceled_and_a_running_one_cannot()
    {
        var client = Clients.For(Transport, Clock);
        var pending = await Submit(Prepare("wan2.2-t2i-flash"));
        await client.CancelTaskAsync(pending, Connect(), Options, Log, CancellationToken.None);
        Assert.Equal(ImageTaskStatus.Canceled, (await client.QueryTaskAsync(pending, Connect(), Options, Log, CancellationToken.None)).Status);

        var running = await Submit(Prepare("wan2.2-t2i-flash"));
        Clock.Advance(TimeSpan.FromSeconds(1.5));
        var error = await Assert.ThrowsAsync<BailianException>(() => client.CancelTaskAsync(running, Connect(), Options, Log, CancellationToken.None));
        Assert.Equal("Bailian.CannotCancel", error.ErrorId);
        Assert.Contains("is RUNNING", error.Message);
        Assert.Contains("only PENDING", error.Message);
    }

    [Fact]
    public async Task Canceling_an_id_DashScope_does_not_know_says_so_not_that_it_is_not_PENDING()
    {
        var client = Clients.For(Transport, Clock);
        var unknown = new ImageTask { TaskId = Guid.NewGuid().ToString() };

        var error = await Assert.ThrowsAsync<BailianException>(() => client.CancelTaskAsync(unknown, Connect(), Options, Log, CancellationToken.None));

        Assert.Equal("Bailian.TaskUnknown", error.ErrorId);
        Assert.Contains("does not exist in this region", error.Message);
    }

    [Fact]
    public async Task A_wait_that_times_out_says_the_task_goes_on_and_how_to_collect_it()
    {
        var task = await Submit(Prepare("wan2.2-t2i-flash"));

        var error = await Assert.ThrowsAsync<BailianException>(() => Wait(task, timeout: TimeSpan.FromSeconds(3)));

        Assert.Equal("Bailian.WaitTimeout", error.ErrorId);
        Assert.Contains($"Get-BailianTask -TaskId {task.TaskId} -Wait", error.Message);
        Assert.Contains("still RUNNING", error.Message);
        Assert.Equal(3, Clock.Delays.Sum(d => d.TotalSeconds), 3);
    }

    [Fact]
    public async Task Listing_follows_pages_and_splits_long_ranges_into_24_hour_windows()
    {
        for (var i = 0; i < 5; i++)
        {
            await Submit(Prepare("wan2.2-t2i-flash", prompt: $"p{i}"));
        }

        await Submit(Prepare("wan2.5-t2i-preview"));
        Emulator.Control.ClearRequests();
        var found = new List<ImageTask>();
        var lister = new TaskLister(Transport, Clock, pageSize: 2);

        await lister.ListAsync(new TaskListQuery(After: Clock.GetUtcNow().AddHours(-30), Model: "wan2.2-t2i-flash"), Connect(), Options,
            found.Add, Log, CancellationToken.None);

        Assert.Equal(5, found.Count);
        Assert.All(found, t => Assert.Equal("wan2.2-t2i-flash", t.Model));
        Assert.Equal(found.OrderByDescending(t => t.SubmitTime).Select(t => t.TaskId), found.Select(t => t.TaskId));
        var pages = Api.Select(r => r.Query).ToList();
        Assert.Equal(4, pages.Count); // pages 1-3 of the newest 24 h, then page 1 of the older 6 h
        Assert.Contains("page_no=3", pages[2], StringComparison.Ordinal);
        Assert.All(pages, q => Assert.Contains("model_name=wan2.2-t2i-flash", q, StringComparison.Ordinal));
        Assert.NotEqual(QueryValue(pages[0], "start_time"), QueryValue(pages[3], "start_time"));
    }

    private static string QueryValue(string query, string name) =>
        query.TrimStart('?').Split('&').Select(p => p.Split('=')).First(p => p[0] == name)[1];

    [Fact]
    public async Task Service_unavailable_while_polling_is_asked_again_not_failed()
    {
        var task = await Submit(Prepare("wan2.2-t2i-flash"));
        Emulator.Control.EnqueueApiFault(EmulatorFault.ServiceUnavailable(), count: 2);
        Emulator.Control.EnqueueApiFault(EmulatorFault.Status(504, "GatewayTimeout", "gateway timeout"));

        var finished = await Wait(task);

        Assert.Equal(ImageTaskStatus.Succeeded, finished.Status);
        Assert.Equal([503, 503, 504], Api.Where(r => r.StatusCode >= 500).Select(r => r.StatusCode));
        Assert.Contains(Log.Lines, l => l.Contains($"Query of task {task.TaskId} failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_a_wait_is_prompt_and_leaves_the_task_running()
    {
        var task = await Submit(Prepare("wan2.2-t2i-flash"));
        using var stop = new CancellationTokenSource();
        var client = Clients.For(Transport, Clock);
        var handlers = new WaitHandlers { Progress = p => { if (p.Running > 0) { stop.Cancel(); } } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.WaitTasksAsync([new TaskToWait(task, Connect())], null, Options, handlers, Log, stop.Token));

        var after = await client.QueryTaskAsync(task, Connect(), Options, Log, CancellationToken.None);
        Assert.Equal(ImageTaskStatus.Running, after.Status);
    }
}
