namespace Bailian;

/// <summary>
/// One generated image: where to fetch it (for 24 hours) and everything needed to reproduce,
/// name and audit it. New-BailianImage writes one per image; Save-BailianImage reads them.
/// </summary>
public sealed class ImageResult
{
    /// <summary>Where to fetch the image; empty for one whose bytes came in the answer (<see cref="Bytes"/>).</summary>
    public string Url { get; set; } = "";
    /// <summary>
    /// The image itself, for a gateway's <c>b64_json</c> answer (-ResponseFormat Base64Json): Save-BailianImage writes
    /// these bytes (no download). Null for an image at <see cref="Url"/>.
    /// </summary>
    public byte[]? Bytes { get; set; }
    /// <summary>When <see cref="Url"/> stops working, read from its signature.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    public string Model { get; set; } = "";
    public string Prompt { get; set; } = "";
    /// <summary>The prompt after DashScope rewrote it (prompt_extend), when the API returns it.</summary>
    public string? ActualPrompt { get; set; }
    public string? NegativePrompt { get; set; }
    public string? Size { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public long? Seed { get; set; }
    /// <summary>Position of the image among those of one request, from 0.</summary>
    public int Index { get; set; }
    public string? RequestId { get; set; }
    public string? TaskId { get; set; }
    public string? Region { get; set; }
    /// <summary>The base URL the image was made through, so later calls go to the same place.</summary>
    public string? Endpoint { get; set; }
    /// <summary>The input row's name, used for file names.</summary>
    public string? Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The identity of the row that made it (see RowKey), recorded in metadata sidecars for resuming.</summary>
    public string? RowKey { get; set; }
    /// <summary>Where an earlier run saved it, for a row skipped on resume.</summary>
    public string? SavedPath { get; set; }
    /// <summary>
    /// Interleaved output's text (wan2.6-image -Interleave): what the model wrote before this image, since the image
    /// before it; text after the last image is on the last. Null for plain image output.
    /// </summary>
    public string? Text { get; set; }
    /// <summary>The images an edit started from: paths, URLs, or a summary of a data URI.</summary>
    public IReadOnlyList<string> SourceImages { get; set; } = [];
    /// <summary>The input row's other columns, carried along for later cmdlets and scripts.</summary>
    public IDictionary<string, object?> Columns { get; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

    public override string ToString() => Bytes is { } bytes && Url.Length == 0 ? $"({bytes.Length} bytes of image data)" : Url;
}
