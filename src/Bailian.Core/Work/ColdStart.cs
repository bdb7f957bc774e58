using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bailian.Batch;
using Bailian.Catalog;
using Bailian.Client;
using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Tasks;

namespace Bailian.Work;

/// <summary>
/// Gets the first <c>New-BailianImage</c> of a session going sooner (issue 12): while PowerShell is still finding
/// and binding the command, a background thread does once what the first call would do first, on the machine's
/// other core: reads the model catalog (the JSON serializers' first run), then runs one row through the whole
/// send path — a batch, its model gate, the image API, the transport with its Polly pipeline and headers, the
/// answer read into an ImageResult — against an in-memory handler that answers as DashScope does (API doc §2).
/// Nothing leaves the process: the handler is not the shared client's, no socket is opened, no key is read.
/// The shared HTTP client is built too, so that its handler's set-up is done.
/// </summary>
public static class ColdStart
{
    // The shape of a sync answer (API doc §2).
    private static readonly byte[] SampleAnswer = Encoding.UTF8.GetBytes(
        "{\"output\":{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":[{\"image\":\"https://example.invalid/a.png\"}]}}]},"
        + "\"usage\":{\"width\":1328,\"height\":1328,\"image_count\":1},\"request_id\":\"warm-up\"}");

    private static int _started;

    /// <summary>Starts the warm-up once per process; returns at once. Failures are ignored: the real call will meet them.</summary>
    public static void Begin()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(WarmUp);
        }
    }

    private static void WarmUp()
    {
        try
        {
            var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "warm-up" }, ModelCatalog.Default);
            _ = DashScopeTransport.Shared;
            _ = SendInMemory(prepared);
        }
#pragma warning disable CA1031 // a warm-up must never fail the import; the real call reports what is wrong
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>One row through BatchEngine as New-BailianImage sends it, answered by the sample answer; returns its outcome.</summary>
    internal static RowOutcome? SendInMemory(PreparedGeneration prepared)
    {
        RowOutcome? outcome = null;
        using var transport = new DashScopeTransport(new AnsweringHandler());
        var client = new BailianClient(transport, new QueryPacer(20, TimeProvider.System), ModelCatalog.Default, TimeProvider.System);
        var endpoint = new DashScopeEndpoint(new Uri("https://warm-up.invalid/api/v1/"), DashScopeRegion.Default);
        var connection = new DashScopeConnection(endpoint, new ApiKey("warm-up", "the warm-up"));
        using var pump = new WorkPump();
        using var batch = client.NewBatch(new BatchOptions { ThrottleLimit = 1, Transport = new TransportOptions { MaxRetryCount = 0 } }, row => outcome = row, pump);
        var added = batch.AddAsync(new BatchRow(1, prepared, connection, null), CancellationToken.None);
        pump.WaitFor(added, _ => { });
        pump.WaitFor(batch.CompleteAsync(), _ => { });
        return outcome;
    }

    private sealed class AnsweringHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                await request.Content.CopyToAsync(Stream.Null).ConfigureAwait(false); // writes the planned body, as sending would
            }

            var content = new ByteArrayContent(SampleAnswer);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
