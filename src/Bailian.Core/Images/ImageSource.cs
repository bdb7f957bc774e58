using System.Globalization;

namespace Bailian.Images;

public enum ImageSourceKind
{
    /// <summary>A file on this machine (sent inline as a data URI, or uploaded).</summary>
    LocalFile,
    /// <summary>An http(s) URL DashScope downloads itself.</summary>
    Url,
    /// <summary>A base64 <c>data:</c> URI.</summary>
    DataUri,
    /// <summary>An <c>oss://</c> URL of DashScope's temporary storage.</summary>
    OssUri,
}

/// <summary>
/// One input image as the user gave it. Local files and data URIs are inspected before sending
/// (<see cref="Header"/>, <see cref="Length"/>); URLs are DashScope's to fetch.
/// </summary>
public sealed class ImageSource
{
    private ImageSource(ImageSourceKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    public ImageSourceKind Kind { get; }
    /// <summary>The full path of a local file, or the URI as given.</summary>
    public string Value { get; }
    /// <summary>Format and pixel size, once inspected.</summary>
    public ImageHeaderInfo? Header { get; internal set; }
    /// <summary>Size in bytes (decoded, for a data URI), once inspected.</summary>
    public long? Length { get; internal set; }

    /// <summary>A URI by its scheme; anything else is a local path, which must already be a full path.</summary>
    public static ImageSource Classify(string text)
    {
        var value = text.Trim();
        if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return new ImageSource(ImageSourceKind.DataUri, value);
        }

        if (value.StartsWith("oss://", StringComparison.OrdinalIgnoreCase))
        {
            return new ImageSource(ImageSourceKind.OssUri, value);
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new ImageSource(ImageSourceKind.Url, value);
        }

        return new ImageSource(ImageSourceKind.LocalFile,
            value.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(value).LocalPath : value);
    }

    /// <summary>How to name it in messages and in SourceImages: a data URI is summarised, not repeated.</summary>
    public override string ToString() => Kind == ImageSourceKind.DataUri
        ? Value.Substring(0, Math.Max(0, Value.IndexOf(',') + 1)) + "… (" +
          ((Length ?? Value.Length * 3L / 4) / 1024).ToString(CultureInfo.InvariantCulture) + " KB)"
        : Value;
}
