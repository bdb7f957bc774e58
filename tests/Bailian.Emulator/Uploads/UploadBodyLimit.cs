using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Uploads;

/// <summary>
/// How much of an upload the server reads. Kestrel's default (30 MB) is far below a policy's 1 GB, so an upload's
/// limit is raised to the policy's maximum plus room for the form's other fields; past that nothing is read and the
/// upload is answered as too large (a client that sends <c>Expect: 100-continue</c> then never sends the body).
/// </summary>
internal static class UploadBodyLimit
{
    private const long FormOverhead = 1024 * 1024;

    /// <summary>Raises the request's limit (before anything reads the body) and returns it; null when unlimited.</summary>
    public static long? Raise(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { } feature)
        {
            return null;
        }

        if (!feature.IsReadOnly)
        {
            feature.MaxRequestBodySize = UploadPolicy.MaxBytes + FormOverhead;
        }

        return feature.MaxRequestBodySize;
    }

    /// <summary>Whether the declared body is past <paramref name="limit"/>, so that reading it would fail.</summary>
    public static bool IsPast(HttpRequest request, long? limit) => request.ContentLength > limit;
}
