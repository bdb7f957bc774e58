using Bailian.Emulator.Api;
using Bailian.Emulator.Control;
using Bailian.Emulator.Gateway;
using Bailian.Emulator.Generation;
using Bailian.Emulator.Hosting;
using Bailian.Emulator.Inputs;
using Bailian.Emulator.Pipeline;
using Bailian.Emulator.Results;
using Bailian.Emulator.Tasks;
using Bailian.Emulator.Throttling;
using Bailian.Emulator.Uploads;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator;

/// <summary>
/// A DashScope-compatible HTTP server on loopback: the sync image endpoint and the async task endpoints with the
/// service's validation and error bodies, image editing from data URIs, uploaded files and its own results, the
/// temporary file upload, signed result URLs serving real PNGs, and knobs (<see cref="Control"/>) for faults,
/// latency, how tasks progress, per-model limits and the weight of result images.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private const string KestrelGeneralCategory = "Microsoft.AspNetCore.Server.Kestrel";
    private const string LogCategory = "Bailian.Emulator";
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);
    private readonly WebApplication _app;
    private int _disposed;

    private EmulatorServer(WebApplication app, Uri baseAddress, EmulatorControl control)
    {
        _app = app;
        BaseAddress = baseAddress;
        Control = control;
    }

    /// <summary>Region id → the one API key accepted there.</summary>
    public static IReadOnlyDictionary<string, string> ApiKeys => Regions.Keys;

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Latency, faults, task timing and outcomes, and the request log.</summary>
    public EmulatorControl Control { get; }

    /// <summary>Starts a server on 127.0.0.1 (a free port unless <see cref="EmulatorOptions.Urls"/> names one).</summary>
    /// <exception cref="ArgumentException"><see cref="EmulatorOptions.Urls"/> is not a single loopback http:// URL.</exception>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ResultUrlLifetime, TimeSpan.Zero, nameof(options));
        var endpoint = LoopbackUrl.Parse(options.Urls);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // No appsettings, environment variables or file watchers: the emulator behaves the same on every machine.
        builder.Configuration.Sources.Clear();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Kestrel's general category reports a response cut short of its Content-Length as an application error,
        // and DropMidStream does exactly that on purpose. ErrorBoundary logs the emulator's real failures instead.
        builder.Logging.AddFilter(KestrelGeneralCategory, LogLevel.None);
        // The host logs a failed start (a port already taken) with the whole stack trace before throwing; the caller
        // reports the exception itself in one line, so that log would only bury it.
        builder.Logging.AddFilter(HostCategory, LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint);
        });
        builder.Services.AddSingleton<IHostLifetime>(new EmbeddedLifetime());
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);

        var app = builder.Build();
        try
        {
            var control = new EmulatorControl(new RequestLog(), new UploadStore(options.TimeProvider));
            Configure(app, options, control);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
            var baseAddress = new UriBuilder(Uri.UriSchemeHttp, endpoint.Address.ToString(), bound.Port).Uri;
            return new EmulatorServer(app, baseAddress, control);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary><c>http://127.0.0.1:{port}/{regionId}/api/v1</c>, without a trailing slash, as DashScope base URLs are written.</summary>
    /// <exception cref="ArgumentException"><paramref name="regionId"/> is not a region the emulator serves.</exception>
    public Uri ApiBase(string regionId = Regions.Beijing)
    {
        if (Regions.Find(regionId) is null)
        {
            throw new ArgumentException(
                $"The emulator serves no region '{regionId}'; use one of {string.Join(", ", ApiKeys.Keys)}.", nameof(regionId));
        }

        return new Uri(BaseAddress, regionId + "/api/v1");
    }

    /// <summary>The one key the OpenAI-style gateway accepts (Gateway/README.md); the regions' keys are not valid there.</summary>
    public static string GatewayApiKey => GatewayRoutes.ApiKey;

    /// <summary><c>http://127.0.0.1:{port}/gateway/v1</c>, the OpenAI-style gateway's base (a client's endpoint), without a trailing slash.</summary>
    public Uri GatewayBase => new(BaseAddress, GatewayRoutes.Root.TrimStart('/'));

    /// <summary>Stops the server; requests still waiting on the latency knob are cut off.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(ShutdownTimeout);
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Configure(WebApplication app, EmulatorOptions options, EmulatorControl control)
    {
        var results = new ResultStore(options.TimeProvider, options.ResultUrlLifetime, control);
        var recorder = new RequestRecorder(control.Log, options.TimeProvider);
        var apiGate = new ApiGate(control);
        var downloads = new DownloadEndpoint(results);
        var inputs = new InputImageReader(results, control.Uploads);
        var admission = new CreateAdmission(control, options.TimeProvider);
        var generation = new SyncGenerationEndpoint(results, inputs, admission);
        var tasks = new TaskStore(options.TimeProvider, control, results);
        var asyncGeneration = new AsyncGenerationEndpoints(tasks, control, inputs, admission);
        var policies = new UploadPolicies(options.TimeProvider);
        var getPolicy = new GetPolicyEndpoint(policies, new PolicyRateLimiter(options.TimeProvider));
        var ossUpload = new OssUploadEndpoint(policies, control.Uploads);
        var taskQuery = new TaskQueryEndpoint(tasks, new QueryRateLimiter(options.TimeProvider, control));
        var taskCancel = new TaskCancelEndpoint(tasks);
        var taskList = new TaskListEndpoint(tasks);
        var gatewayErrors = new GatewayErrors(control.Gateway);
        var gateway = new GatewayEndpoints(results, inputs, admission, gatewayErrors, control, options.TimeProvider);

        // Order matters: catch our own failures, log everything, guard control, then the API gate (region, faults,
        // latency, key), the gateway's gate (the same for /gateway/v1) and the download faults, and only then route,
        // so that endpoints see region-free paths.
        app.Use(new ErrorBoundary(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory)).InvokeAsync);
        app.Use(recorder.InvokeAsync);
        app.Use(LoopbackGuard.InvokeAsync);
        app.Use(apiGate.InvokeAsync);
        app.Use(new GatewayGate(control, gatewayErrors).InvokeAsync);
        app.Use(new DownloadGate(control).InvokeAsync);
        app.UseRouting();

        app.MapPost(SyncGenerationEndpoint.Route, generation.HandleAsync);
        app.MapPost(AsyncGenerationEndpoints.SynthesisRoute, asyncGeneration.HandleSynthesisAsync);
        app.MapPost(AsyncGenerationEndpoints.ImageToImageRoute, asyncGeneration.HandleImageToImageAsync);
        app.MapPost(AsyncGenerationEndpoints.GenerationRoute, asyncGeneration.HandleGenerationAsync);
        app.MapGet(TaskQueryEndpoint.Route, taskQuery.HandleAsync);
        app.MapPost(TaskCancelEndpoint.Route, taskCancel.HandleAsync);
        app.MapGet(TaskListEndpoint.Route, taskList.HandleAsync);
        app.MapGet(GetPolicyEndpoint.Route, getPolicy.HandleAsync);
        app.MapGet(DownloadEndpoint.Route, downloads.HandleAsync);
        app.MapPost(OssUploadEndpoint.Route, ossUpload.HandleAsync);
        ControlEndpoints.Map(app, control);
        gateway.Map(app);
        app.MapFallback("{*path}", NotFoundEndpoint.HandleAsync);
    }
}
