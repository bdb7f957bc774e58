using System.Globalization;

namespace Bailian.Generation;

/// <summary>Reads when a signed OSS result URL expires, from its query string.</summary>
public static class SignedUrl
{
    /// <summary>
    /// OSS V1 signatures carry <c>Expires=&lt;unix seconds&gt;</c>; V4 ones carry
    /// <c>x-oss-date=yyyyMMddTHHmmssZ</c> plus <c>x-oss-expires=&lt;seconds&gt;</c>. Null when neither is there.
    /// </summary>
    public static DateTimeOffset? ExpiresAt(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var expires = Query(uri, "Expires");
        if (long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds))
        {
            return Tasks.TaskTimes.Local(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
        }

        var signedAt = Query(uri, "x-oss-date");
        var lifetime = Query(uri, "x-oss-expires");
        return DateTimeOffset.TryParseExact(signedAt, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                   DateTimeStyles.AssumeUniversal, out var start)
               && long.TryParse(lifetime, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? Tasks.TaskTimes.Local(start.AddSeconds(seconds))
            : null;
    }

    private static string? Query(Uri uri, string name)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&'))
        {
            var separator = pair.IndexOf('=');
            if (separator > 0 && string.Equals(Uri.UnescapeDataString(pair.Substring(0, separator)), name, StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(pair.Substring(separator + 1));
            }
        }

        return null;
    }
}
