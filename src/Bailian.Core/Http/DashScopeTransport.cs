using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bailian.Connection;
using Bailian.Json;
using Bailian.Work;

namespace Bailian.Http;

/// <summary>One request to DashScope: what to send and whether sending it can cost money.</summary>
public sealed class ApiCall
{
    public ApiCall(HttpMethod method, string relativePath, DashScopeConnection connection, string subject)
    {
        Method = method;
        RelativePath = relativePath;
        Connection = connection;
        Subject = subject;
    }

    public HttpMethod Method { get; }
    /// <summary>Path under the base URL, e.g. <c>services/aigc/multimodal-generation/generation</c>.</summary>
    public string RelativePath { get; }
    public DashScopeConnection Connection { get; }
    /// <summary>What the call is about, for messages (usually the model name).</summary>
    public string Subject { get; }
    public RequestBody? Body { get; init; }
    /// <summary>A create call: once its body may have reached the server it is never sent again.</summary>
    public bool IsBillable { get; init; }
    /// <summary>Sends X-DashScope-Async: enable (async create endpoints only).</summary>
    public bool Async { get; init; }
    /// <summary>Sends X-DashScope-OssResourceResolve: enable, needed when an input is an oss:// URL.</summary>
    public bool ResolvesOssResources { get; init; }
    /// <summary>How the protocol's answers name their request and describe their errors (DashScope's envelope unless set).</summary>
    public IApiAnswers Answers { get; init; } = DashScopeAnswers.Instance;
    /// <summary>Asks for a streamed answer (X-DashScope-SSE: enable, Accept: text/event-stream; API doc §2.4).</summary>
    public bool Streams { get; init; }
}

/// <summary>
/// Sends calls to DashScope over one shared HttpClient: auth and identifying headers, a timeout per
/// attempt, and retries (Polly) only where the request cannot have been accepted or cannot bill.
/// </summary>
public sealed class DashScopeTransport : IDisposable
{
    private static readonly Lazy<DashScopeTransport> LazyShared = new(() => new DashScopeTransport());
    private readonly HttpClient _http;

    public DashScopeTransport(HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? CreateDefaultHandler(), disposeHandler: true)
        {
            // Each attempt gets its own timeout (TransportOptions.Timeout) so a timeout can be told
            // apart from the user pressing Ctrl+C.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent.Value);
    }

    /// <summary>The process-wide transport the cmdlets share, so connections are reused across calls.</summary>
    public static DashScopeTransport Shared => LazyShared.Value;

    /// <summary>For downloads, which need no DashScope headers but benefit from the same pool.</summary>
    public HttpClient HttpClient => _http;

    public async Task<T> SendAsync<T>(ApiCall call, JsonTypeInfo<T> responseType, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken)
    {
        var pipeline = RetryPipeline.Create(options, log, $"{call.Method} {call.RelativePath} ({call.Subject})");
        return await pipeline.ExecuteAsync(
            async token => await SendOnceAsync(call, (body, url) => Deserialize(body, responseType, call, url), options, log, token)
                .ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a call whose answer is streamed (<see cref="ApiCall.Streams"/>) and reads its events into one response (API doc §2.4).</summary>
    internal async Task<DashScopeResponse> SendStreamingAsync(ApiCall call, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken)
    {
        var pipeline = RetryPipeline.Create(options, log, $"{call.Method} {call.RelativePath} ({call.Subject})");
        return await pipeline.ExecuteAsync(
            async token => await SendOnceAsync(call, (body, url) => ReadEvents(body, call, url), options, log, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    private static DashScopeResponse ReadEvents(string body, ApiCall call, Uri url)
    {
        try
        {
            return ServerSentEvents.Read(body);
        }
        catch (JsonException e)
        {
            throw new OutcomeUnknownException(call.Subject, url, "the streamed answer could not be read: " + e.Message, e, call.Answers.Protocol);
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpClientHandler CreateDefaultHandler() => new()
    {
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        // .NET Framework allows two connections per host by default, too few for batches.
        MaxConnectionsPerServer = 64,
    };

    private async Task<T> SendOnceAsync<T>(ApiCall call, Func<string, Uri, T> read, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken)
    {
        var url = call.Connection.Endpoint.Resolve(call.RelativePath);
        using var content = call.Body is null ? null : new OneShotContent(call.Body);
        using var request = BuildRequest(call, url, content);
        using var timeout = new CancellationTokenSource(options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, linked.Token).ConfigureAwait(false);
            log.Verbose($"{call.Method} {url} ({call.Subject}) -> {(int)response.StatusCode} in {stopwatch.ElapsedMilliseconds} ms" +
                        (call.Answers.RequestId(body) is { } id ? $", request id {id}" : ""));
            if (!response.IsSuccessStatusCode)
            {
                throw call.Answers.ErrorFrom(response, body, call);
            }

            return read(body, url);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException
                                  && !cancellationToken.IsCancellationRequested)
        {
            var reason = timeout.IsCancellationRequested
                ? $"no answer within {options.Timeout.TotalSeconds:0.##} s"
                : $"connection failed: {Innermost(e).Message}";
            log.Verbose($"{call.Method} {url} ({call.Subject}) failed after {stopwatch.ElapsedMilliseconds} ms: {reason}");
            if (call.IsBillable && content is { WriteStarted: true })
            {
                throw new OutcomeUnknownException(call.Subject, url, reason, e, call.Answers.Protocol);
            }

            throw new NotSentException(url, reason, timeout.IsCancellationRequested, e);
        }
    }

    private static HttpRequestMessage BuildRequest(ApiCall call, Uri url, HttpContent? content)
    {
        var request = new HttpRequestMessage(call.Method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", call.Connection.ApiKey.Value);
        request.Headers.Accept.ParseAdd(call.Streams ? "text/event-stream" : "application/json");
        if (call.Streams)
        {
            request.Headers.Add("X-DashScope-SSE", "enable");
        }

        if (call.Async)
        {
            request.Headers.Add("X-DashScope-Async", "enable");
        }

        if (call.ResolvesOssResources)
        {
            request.Headers.Add("X-DashScope-OssResourceResolve", "enable");
        }

        if (call.Connection.Endpoint.Workspace is { Length: > 0 } workspace)
        {
            request.Headers.Add("X-DashScope-WorkSpace", workspace);
        }

        return request;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        // ReadToEndAsync takes no token on netstandard2.0: dispose the response to abort it.
        using (cancellationToken.Register(response.Dispose))
        {
            return await reader.ReadToEndAsync().ConfigureAwait(false);
        }
    }

    private static T Deserialize<T>(string body, JsonTypeInfo<T> responseType, ApiCall call, Uri url)
    {
        try
        {
            return JsonSerializer.Deserialize(body, responseType)
                   ?? throw new JsonException("The body is empty.");
        }
        catch (JsonException e) when (call.IsBillable)
        {
            throw new OutcomeUnknownException(call.Subject, url, "the answer could not be read: " + e.Message, e, call.Answers.Protocol);
        }
        catch (JsonException e)
        {
            throw new BailianException(ErrorIds.UnreadableResponse, BailianErrorCategory.InvalidData,
                $"DashScope's answer from {url} could not be read: {e.Message}", e);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
