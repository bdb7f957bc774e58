using Bailian.Batch;
using Bailian.Catalog;
using Bailian.Client.DashScope;
using Bailian.Connection;
using Bailian.Download;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Tasks;
using Bailian.Uploads;
using Bailian.Work;

namespace Bailian.Client;

/// <summary>
/// The one object a cmdlet needs from Core: built once from a transport, the account's query pacer, the
/// model catalog and a clock, it wires the services (protocol, task waiter, downloader) and hands out what
/// a command does — a batch of generations, task queries, waits, cancels and lists, a batch of saves. Like
/// PSResourceGet's ServerFactory, it picks the protocol behind the seam (<see cref="IImageApi"/>,
/// <see cref="ITaskApi"/>) per call, by the connection's protocol: DashScope's native API, or an OpenAI-style gateway
/// (<see cref="OpenAi.OpenAiImageApi"/>; tasks are DashScope's only).
/// </summary>
/// <remarks>Cheap to build (it opens nothing): each command builds its own in BeginProcessing (<see cref="CreateDefault"/>).</remarks>
public sealed class BailianClient
{
    private readonly IImageApi _images;
    private readonly ITaskApi _tasks;
    private readonly TaskWaiter _waiter;
    private readonly ImageDownloader _downloader;
    private readonly TimeProvider _clock;

    /// <param name="transport">Sends every call; its HttpClient also downloads.</param>
    /// <param name="pacer">Spaces task queries under the account's limit; one per account (process), shared by every command.</param>
    /// <param name="catalog">The models the planners check requests against.</param>
    /// <param name="clock">Every wait, backoff, timestamp and signed-URL check goes by it (tests pass a fake one).</param>
    public BailianClient(DashScopeTransport transport, QueryPacer pacer, ModelCatalog catalog, TimeProvider clock)
        : this(new ProtocolImageApi(new DashScopeImageApi(transport, new TemporaryStorage(transport, clock), clock), new OpenAi.OpenAiImageApi(transport, clock)),
            new DashScopeOnlyTaskApi(new TaskClient(transport, new TaskLister(transport, clock), clock)), new ImageDownloader(transport.HttpClient, clock), pacer, catalog, clock)
    {
    }

    /// <summary>A client over any protocol: where a second one (an OpenAI-style gateway) plugs in.</summary>
    internal BailianClient(IImageApi images, ITaskApi tasks, ImageDownloader downloader, QueryPacer pacer, ModelCatalog catalog, TimeProvider clock)
    {
        Catalog = catalog;
        _clock = clock;
        _images = images;
        _tasks = tasks;
        _waiter = new TaskWaiter(tasks, pacer, clock);
        _downloader = downloader;
    }

    /// <summary>The cmdlets' client: the process-wide transport (one connection pool) and pacer, the embedded catalog, the system clock.</summary>
    public static BailianClient CreateDefault() => new(DashScopeTransport.Shared, QueryPacer.Shared, ModelCatalog.Default, TimeProvider.System);

    /// <summary>The models requests are planned against.</summary>
    public ModelCatalog Catalog { get; }

    /// <summary>The protocol behind the client, for tests of one create call.</summary>
    internal IImageApi Images => _images;

    /// <summary>See <see cref="IImageApi.CheckEndpoint"/>: the last checks before ShouldProcess.</summary>
    public void CheckEndpoint(PreparedGeneration prepared, DashScopeEndpoint endpoint) => _images.CheckEndpoint(prepared, endpoint);

    /// <summary>What -WhatIf and -Confirm say of a request: the images billed, and for a gateway the URL it would be sent to.</summary>
    public static string WhatIfText(PreparedGeneration prepared, DashScopeEndpoint endpoint) => ProtocolImageApi.WhatIf(prepared, endpoint);

    /// <summary>The planner's warnings for <paramref name="prepared"/> as they apply at <paramref name="endpoint"/>'s protocol.</summary>
    public static IEnumerable<string> Warnings(PreparedGeneration prepared, DashScopeEndpoint endpoint) => ProtocolImageApi.Warnings(prepared, endpoint);

    /// <summary>The error of a task command aimed at an OpenAI-style gateway (tasks are DashScope's only): Bailian.NotOnGateway.</summary>
    /// <param name="endpoint">The gateway, when known.</param>
    public static BailianConfigurationException NoTasksOnGateway(DashScopeEndpoint? endpoint) => DashScopeOnlyTaskApi.NoTasks(endpoint);

    /// <summary>A batch of generations, each row's outcome handed to <paramref name="sink"/> (from worker threads).</summary>
    public BatchEngine NewBatch(BatchOptions options, Action<RowOutcome> sink, IBailianLog log) =>
        new(_images, _waiter, options, sink, log, _clock);

    /// <summary>A batch of downloads, each image's outcome handed to <paramref name="sink"/> (from worker threads).</summary>
    /// <param name="progress">Told how far each large download is.</param>
    /// <param name="batchProgress">Told how many images are done of those handed over so far.</param>
    public SaveBatch NewSaveBatch(int throttleLimit, bool ordered, TransportOptions options, Action<SaveOutcome> sink, IBailianLog log,
        Action<DownloadProgress>? progress = null, Action<SaveProgress>? batchProgress = null) =>
        new(_downloader, throttleLimit, ordered, options, sink, log, progress, batchProgress);

    /// <summary>The task as it is now (<see cref="ITaskApi.QueryAsync"/>).</summary>
    public Task<ImageTask> QueryTaskAsync(ImageTask task, DashScopeConnection connection, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken) =>
        _tasks.QueryAsync(task, connection, options, log, cancellationToken);

    /// <summary>Cancels a PENDING task (<see cref="ITaskApi.CancelAsync"/>).</summary>
    public Task CancelTaskAsync(ImageTask task, DashScopeConnection connection, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken) =>
        _tasks.CancelAsync(task, connection, options, log, cancellationToken);

    /// <summary>The account's tasks, newest first (<see cref="ITaskApi.ListAsync"/>).</summary>
    public Task ListTasksAsync(TaskListQuery query, DashScopeConnection connection, TransportOptions options, Action<ImageTask> found,
        IBailianLog log, CancellationToken cancellationToken) =>
        _tasks.ListAsync(query, connection, options, found, log, cancellationToken);

    /// <summary>Waits on many tasks at once (<see cref="TaskWaiter.WaitAsync"/>).</summary>
    /// <param name="timeout">For all of them together; null waits as long as it takes.</param>
    public Task WaitTasksAsync(IReadOnlyList<TaskToWait> tasks, TimeSpan? timeout, TransportOptions options, WaitHandlers handlers,
        IBailianLog log, CancellationToken cancellationToken) =>
        _waiter.WaitAsync(tasks, timeout, options, handlers, log, cancellationToken);

    /// <summary>Waits on one task: returns it finished, or throws why waiting stopped (<see cref="TaskWaiter.WaitOneAsync"/>).</summary>
    public Task<ImageTask> WaitTaskAsync(TaskToWait task, TimeSpan? timeout, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken) =>
        _waiter.WaitOneAsync(task, timeout, options, log, cancellationToken);
}
