using System.Text;
using Bailian.Emulator.Api;
using Bailian.Emulator.Uploads;
using Microsoft.Net.Http.Headers;

namespace Bailian.Emulator.Pipeline;

/// <summary>
/// Logs each request (right inside the error boundary), body included, with its credentials masked. A form upload
/// is logged as its fields and the file's name and length, never the file's bytes.
/// </summary>
internal sealed class RequestRecorder(RequestLog log, TimeProvider timeProvider)
{
    private const string MaskedAuthorization = "Bearer ***";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        // Buffered so that the endpoint (or a fault) can read the body again after it is logged here.
        request.EnableBuffering();
        var kind = RequestKinds.Classify(request.Path);
        string body;
        try
        {
            body = kind == RequestKinds.Upload
                ? await UploadLogBody.DescribeAsync(request, UploadBodyLimit.Raise(context), context.RequestAborted).ConfigureAwait(false)
                : await ReadTextAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        request.Body.Position = 0;
        var region = ApiPath.TryParse(request.Path, out var apiPath) ? apiPath.RegionId : null;
        var entry = log.Add(new RecordedRequest(
            timeProvider.GetUtcNow(),
            kind,
            request.Method,
            request.Path.Value ?? string.Empty,
            request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty,
            region,
            MaskedHeaders(request.Headers),
            body,
            StatusCode: 0));
        context.Features.Set(entry);
        context.Response.OnStarting(() =>
        {
            entry.Answered(context.Response.StatusCode);
            return Task.CompletedTask;
        });

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (e.g. during the latency knob): nothing to answer, and nothing worth logging.
        }
    }

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, string> MaskedHeaders(IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            var masked = string.Equals(name, HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, HeaderNames.ProxyAuthorization, StringComparison.OrdinalIgnoreCase);
            result[name] = masked ? MaskedAuthorization : values.ToString();
        }

        return result;
    }
}
