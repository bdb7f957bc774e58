using System.Globalization;

namespace Bailian.Emulator.Results;

/// <summary>
/// <c>GET /results/{id}.png?Expires=..&amp;OSSAccessKeyId=..&amp;Signature=..</c>: serves a generated PNG the way
/// the service's OSS bucket does, expiry and XML errors included. No API key: the signed URL is the credential.
/// </summary>
internal sealed class DownloadEndpoint(ResultStore store)
{
    public const string Route = "/results/{file}";
    private const string PngSuffix = ".png";

    public Task HandleAsync(HttpContext context)
    {
        var file = context.Request.RouteValues["file"] as string ?? string.Empty;
        var query = context.Request.Query;
        if (!file.EndsWith(PngSuffix, StringComparison.Ordinal))
        {
            return NoSuchKeyAsync(context, file);
        }

        if (!long.TryParse(query["Expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || query["Signature"].ToString() is not { Length: > 0 } signature
            || query["OSSAccessKeyId"] != ResultStore.AccessKeyId)
        {
            return OssErrors.WriteAsync(
                context, StatusCodes.Status403Forbidden, "AccessDenied", "You have no right to access this object because of bucket acl.");
        }

        // OSS checks the expiry first, so an expired URL says so whatever else is wrong with it.
        var now = store.Now;
        if (now.ToUnixTimeSeconds() > expires)
        {
            return OssErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "AccessDenied", "Request has expired.",
            [
                new("Expires", Timestamp(DateTimeOffset.FromUnixTimeSeconds(expires))),
                new("ServerTime", Timestamp(now)),
            ]);
        }

        var id = file[..^PngSuffix.Length];
        if (!store.IsSigned(id, expires, signature))
        {
            // A signature made for another id is how a tampered id shows; answer it as the key it names.
            return !store.Contains(id)
                ? NoSuchKeyAsync(context, file)
                : OssErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
        }

        return store.Find(id) is { } png ? WritePngAsync(context, png) : NoSuchKeyAsync(context, file);
    }

    private static Task NoSuchKeyAsync(HttpContext context, string file) =>
        OssErrors.WriteAsync(context, StatusCodes.Status404NotFound, "NoSuchKey", "The specified key does not exist.",
            [new("Key", "results/" + file)]);

    private static Task WritePngAsync(HttpContext context, ResultPng png)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "image/png";
        response.ContentLength = png.Length;
        return png.WriteToAsync(response.Body, context.RequestAborted);
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
