using Bailian.Emulator.Api;
using Bailian.Emulator.Results;
using Bailian.Emulator.Uploads;

namespace Bailian.Emulator.Inputs;

/// <summary>
/// Turns an image reference into checked bytes, the one way every endpoint reads its inputs: a data URI, an
/// <c>oss://</c> file uploaded here (API doc §6.1), or one of the emulator's own unexpired result URLs. Nothing
/// is ever fetched from the network; any other URL is answered as a failed download.
/// </summary>
internal sealed class InputImageReader(ResultStore results, UploadStore uploads)
{
    private const string OssScheme = "oss://";

    /// <summary>Reads and checks one image; returns the first problem, or null.</summary>
    /// <param name="reference">The reference as sent.</param>
    /// <param name="label">How messages name it, e.g. <c>image 2</c> or <c>base image</c>.</param>
    /// <param name="rule">The model's input rule.</param>
    /// <param name="model">The model id: uploaded files are bound to one.</param>
    /// <param name="scope">The request's region, oss switch and the emulator's address.</param>
    /// <param name="image">The image when there is no problem.</param>
    public ApiError? Read(string reference, string label, InputImageRule rule, string model, RequestScope scope, out InputImage? image)
    {
        image = null;
        return Fetch(reference, label, model, scope, out var bytes) ?? rule.Check(bytes, label, model, out image);
    }

    /// <summary>Reads several images in order, stopping at the first problem; <paramref name="label"/> names image i.</summary>
    public ApiError? ReadAll(
        IReadOnlyList<string> references, Func<int, string> label, InputImageRule rule, string model, RequestScope scope, out IReadOnlyList<InputImage> images)
    {
        var read = new List<InputImage>(references.Count);
        images = read;
        for (var i = 0; i < references.Count; i++)
        {
            if (Read(references[i], label(i), rule, model, scope, out var image) is { } error)
            {
                return error;
            }

            read.Add(image!);
        }

        return null;
    }

    private ApiError? Fetch(string reference, string label, string model, RequestScope scope, out byte[] bytes)
    {
        bytes = [];
        if (DataUri.Is(reference))
        {
            return DataUri.TryDecode(reference, out bytes) ? null : InputErrors.BadDataUri(label);
        }

        if (reference.StartsWith(OssScheme, StringComparison.Ordinal))
        {
            return FetchUpload(reference, model, scope, out bytes);
        }

        if (!Uri.TryCreate(reference, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return InputErrors.NotAUrl;
        }

        // Only the emulator's own result images can be "downloaded"; for anything else the service's fetch fails.
        if (IsOwn(url, scope.ServerAddress) && ResultUrls.TryOpen(results, url) is { } png)
        {
            bytes = png;
            return null;
        }

        return InputErrors.DownloadFailed(reference);
    }

    private ApiError? FetchUpload(string reference, string model, RequestScope scope, out byte[] bytes)
    {
        bytes = [];
        if (!scope.OssResolve)
        {
            return InputErrors.OssNeedsHeader(reference);
        }

        if (uploads.Find(reference[OssScheme.Length..]) is not { } stored)
        {
            return InputErrors.OssMissing(reference);
        }

        // Bound to the account (here: the region's key) and to the model named in getPolicy (API doc §6.1).
        if (stored.Info.Region != scope.RegionId)
        {
            return InputErrors.OssOtherRegion(reference);
        }

        if (stored.Info.Model != model)
        {
            return InputErrors.OssOtherModel(reference, stored.Info.Model, model);
        }

        bytes = stored.Content;
        return null;
    }

    // "localhost" names the same listener as 127.0.0.1; another port is another host.
    private static bool IsOwn(Uri url, Uri server) =>
        url.Scheme == server.Scheme
        && url.Port == server.Port
        && (string.Equals(url.Host, server.Host, StringComparison.OrdinalIgnoreCase)
            || string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase));
}
