using System.Text;
using System.Text.Json;
using Bailian.Catalog;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Json;

namespace Bailian.Work;

/// <summary>
/// Gets the first <c>New-BailianImage</c> of a session going sooner (issue 12): while PowerShell is still finding
/// and binding the command, a background thread does once what the first call would do first, on the machine's
/// other core: reads the model catalog (the largest part: the JSON serializers' first run), plans and writes a
/// request body, reads a sample answer, and builds the shared HTTP client. Nothing is sent.
/// </summary>
public static class ColdStart
{
    // The shape of a sync answer (API doc §2), so that the answer reader's serializer runs once too.
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
            Client.DashScope.DashScopeBody.For(prepared, null).WriteToAsync(Stream.Null, CancellationToken.None).GetAwaiter().GetResult();
            _ = JsonSerializer.Deserialize(SampleAnswer, DashScopeJsonContext.Default.DashScopeResponse);
            _ = DashScopeTransport.Shared;
        }
#pragma warning disable CA1031 // a warm-up must never fail the import; the real call reports what is wrong
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
