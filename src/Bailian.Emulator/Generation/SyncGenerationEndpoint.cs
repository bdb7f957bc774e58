using System.Text;
using Bailian.Emulator.Api;
using Bailian.Emulator.Results;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Generation;

/// <summary><c>POST {base}/services/aigc/multimodal-generation/generation</c>, the synchronous endpoint of API doc §2.</summary>
internal sealed class SyncGenerationEndpoint(ResultStore results)
{
    public const string Route = "/api/v1/services/aigc/multimodal-generation/generation";

    public async Task HandleAsync(HttpContext context)
    {
        var call = context.Features.GetRequiredFeature<ApiCallContext>();
        var headers = context.Request.Headers;
        // The service refuses the async header here rather than ignoring it (API doc §1.3).
        if (headers.ContainsKey("X-DashScope-Async"))
        {
            await ApiErrors.WriteAsync(context, ApiError.AsyncNotSupported).ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var ossResolve = string.Equals(headers["X-DashScope-OssResourceResolve"], "enable", StringComparison.OrdinalIgnoreCase);
        if (GenerationRequest.Read(body, call.Region.Id, ossResolve, out var request) is { } error)
        {
            await ApiErrors.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }

        // The connection's own address is the emulator's BaseAddress, whatever Host the client sent.
        var baseAddress = new UriBuilder(Uri.UriSchemeHttp, context.Connection.LocalIpAddress!.ToString(), context.Connection.LocalPort).Uri;
        var urls = Enumerable.Range(0, request!.Count)
            .Select(i => results.Publish(baseAddress, new ImageSpec(request.Prompt, request.Seed, i, request.Size)))
            .ToList();
        var answer = request.Model.Style == ResponseStyle.Wan
            ? SyncResponses.Wan(request, urls, call.RequestId)
            : SyncResponses.Qwen(request, urls, call.RequestId);
        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, answer).ConfigureAwait(false);
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        // The request recorder buffered the body; read it again from the start.
        context.Request.Body.Position = 0;
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
