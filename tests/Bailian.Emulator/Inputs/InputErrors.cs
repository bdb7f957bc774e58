using System.Globalization;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Inputs;

/// <summary>
/// The service's answers to input images it cannot use (API doc §6, §7.2), worded in its style: which image, what
/// was found, what the model takes.
/// </summary>
internal static class InputErrors
{
    /// <summary>The existing syntax check's message: a reference that is no URL at all.</summary>
    public static readonly ApiError NotAUrl = ApiError.InvalidParameter("The provided URL does not appear to be valid.");

    public static ApiError TooLarge(string label, long length, long maxBytes, string model) => new(
        StatusCodes.Status413PayloadTooLarge,
        "BadRequest.TooLarge",
        string.Create(CultureInfo.InvariantCulture, $"The {label} is {length} bytes; the model {model} takes image files of at most {maxBytes / (1024 * 1024)} MB ({maxBytes} bytes)."));

    public static ApiError UnsupportedFormat(string label, string model, IEnumerable<ImageFormat> formats) => new(
        StatusCodes.Status415UnsupportedMediaType,
        "BadRequest.UnsupportedFileFormat",
        $"The format of the {label} is not supported; the model {model} takes {string.Join(", ", formats.Select(Name))}.");

    public static ApiError Damaged(string label, ImageFormat format) =>
        ApiError.InvalidParameter($"The {label} could not be read: its {Name(format)} header is damaged or incomplete.");

    public static ApiError SidesOutOfRange(string label, ImageHeader header, string model, int min, int max) =>
        ApiError.InvalidParameter(string.Create(
            CultureInfo.InvariantCulture,
            $"The {label} is {header} pixels; the model {model} takes images whose width and height are each between {min} and {max} pixels."));

    public static ApiError RatioOutOfRange(string label, ImageHeader header, string model, int maxRatio) =>
        ApiError.InvalidParameter(string.Create(
            CultureInfo.InvariantCulture,
            $"The {label} is {header} pixels; the model {model} takes images with an aspect ratio between 1:{maxRatio} and {maxRatio}:1."));

    public static ApiError BadDataUri(string label) =>
        ApiError.InvalidParameter($"The {label} is not a valid data URI: expected data:{{mime}};base64,{{data}}.");

    // What the service says when it cannot fetch a URL; the emulator never fetches one, so every foreign URL ends here.
    public static ApiError DownloadFailed(string url) => new(
        StatusCodes.Status400BadRequest,
        "InvalidURL",
        $"Failed to download the media resource from {url}: the download timed out or failed. Make sure the URL is publicly reachable.");

    public static ApiError OssNeedsHeader(string reference) => ApiError.InvalidParameter(
        $"The oss resource {reference} could not be resolved: set the header X-DashScope-OssResourceResolve: enable to use oss:// URLs.");

    public static ApiError OssMissing(string reference) => ApiError.InvalidParameter(
        $"The oss resource {reference} could not be resolved: the file does not exist or has expired.");

    public static ApiError OssOtherRegion(string reference) => ApiError.InvalidParameter(
        $"The oss resource {reference} could not be resolved: it was uploaded in another region.");

    public static ApiError OssOtherModel(string reference, string uploadedFor, string model) => ApiError.InvalidParameter(
        $"The oss resource {reference} could not be resolved: it was uploaded for the model {uploadedFor} and cannot be used by {model}.");

    public static string Name(ImageFormat format) => format.ToString().ToUpperInvariant();
}
