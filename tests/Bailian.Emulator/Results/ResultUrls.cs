using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Bailian.Emulator.Results;

/// <summary>
/// Reads one of the emulator's own result URLs in-process, as an edit input: only what a download would get,
/// i.e. an unexpired URL with its signature intact.
/// </summary>
internal static class ResultUrls
{
    private const string Prefix = "/results/";
    private const string PngSuffix = ".png";

    /// <summary>The PNG behind <paramref name="url"/>, or null when a download of it would be refused.</summary>
    public static byte[]? TryOpen(ResultStore store, Uri url)
    {
        var path = url.AbsolutePath;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || !path.EndsWith(PngSuffix, StringComparison.Ordinal))
        {
            return null;
        }

        var query = QueryHelpers.ParseQuery(url.Query);
        var id = path[Prefix.Length..^PngSuffix.Length];
        if (!long.TryParse(query["Expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || query["OSSAccessKeyId"] != ResultStore.AccessKeyId
            || query["Signature"].ToString() is not { Length: > 0 } signature
            || store.Now.ToUnixTimeSeconds() > expires
            || !store.IsSigned(id, expires, signature))
        {
            return null;
        }

        return store.Find(id)?.ToArray();
    }
}
