using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bailian.Download;

/// <summary>
/// What Save-BailianImage -Metadata writes beside each image (photo.png → photo.png.json): enough to
/// reproduce and audit it, and the row key a rerun uses to recognise the row as done.
/// </summary>
public sealed class ImageSidecar
{
    public string? RowKey { get; set; }
    public int Index { get; set; }
    public string File { get; set; } = "";
    public string Prompt { get; set; } = "";
    public string? ActualPrompt { get; set; }
    public string? NegativePrompt { get; set; }
    public string Model { get; set; } = "";
    public string? Size { get; set; }
    public long? Seed { get; set; }
    public string? Name { get; set; }
    public string? Region { get; set; }
    public string? Endpoint { get; set; }
    public string? TaskId { get; set; }
    public string? RequestId { get; set; }
    public string? Url { get; set; }
    /// <summary>
    /// The resume journal's only: where the bytes of an image that came in the answer (a gateway's b64_json) were kept,
    /// relative to the -ResumeFrom folder, so a rerun passes them on instead of paying for them again.
    /// </summary>
    public string? AnswerFile { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset SavedAt { get; set; }
    public List<string> SourceImages { get; set; } = [];
    /// <summary>The input row's own columns, as text.</summary>
    public Dictionary<string, string?> Columns { get; set; } = [];

    /// <summary>The record of <paramref name="image"/>; <paramref name="file"/> is null for one not saved yet (the resume journal's).</summary>
    public static ImageSidecar From(ImageResult image, FileInfo? file, DateTimeOffset savedAt) => new()
    {
        RowKey = image.RowKey, Index = image.Index, File = file?.Name ?? "", Prompt = image.Prompt, ActualPrompt = image.ActualPrompt,
        NegativePrompt = image.NegativePrompt, Model = image.Model, Size = image.Size, Seed = image.Seed, Name = image.Name,
        Region = image.Region, Endpoint = image.Endpoint, TaskId = image.TaskId, RequestId = image.RequestId, Url = image.Url,
        CreatedAt = image.CreatedAt, SavedAt = savedAt, SourceImages = image.SourceImages.ToList(),
        Columns = image.Columns.ToDictionary(c => c.Key, c => c.Value?.ToString()),
    };

    /// <summary>The sidecar's path for an image: its name plus .json (x.png and x.jpg get sidecars of their own).</summary>
    public static string PathFor(string imagePath) => imagePath + ".json";

    /// <summary>The sidecar as written to disk.</summary>
    public byte[] ToUtf8Bytes() => JsonSerializer.SerializeToUtf8Bytes(this, Readable.ImageSidecar);

    // Prompts are often Chinese: the default encoder writes them as \uXXXX, which no one can read in an editor.
    // The relaxed encoder writes them as UTF-8 and still escapes what JSON requires (quotes, backslashes, control
    // characters). "Unsafe" is about pasting JSON into HTML, which a sidecar never is. The source-generated
    // attribute has no encoder setting in System.Text.Json 8, so the context is made with options that do.
    private static readonly SidecarJsonContext Readable = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Written to a temporary file and renamed, like the image: never half a sidecar.</summary>
    public void WriteFor(string imagePath, bool force)
    {
        var target = PathFor(imagePath);
        var partial = target + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".bailian-partial";
        try
        {
            System.IO.File.WriteAllBytes(partial, ToUtf8Bytes());
            if (force && System.IO.File.Exists(target))
            {
                System.IO.File.Replace(partial, target, null);
            }
            else
            {
                System.IO.File.Move(partial, target);
            }
        }
        finally
        {
            System.IO.File.Delete(partial);
        }
    }

    public static ImageSidecar? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(System.IO.File.ReadAllBytes(path), SidecarJsonContext.Default.ImageSidecar);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The result again, as it was when saved, pointing at the saved file.</summary>
    public ImageResult ToImageResult(string? imagePath)
    {
        var result = new ImageResult
        {
            Url = Url ?? "", Model = Model, Prompt = Prompt, ActualPrompt = ActualPrompt, NegativePrompt = NegativePrompt, Size = Size,
            Seed = Seed, Index = Index, RequestId = RequestId, TaskId = TaskId, Region = Region, Endpoint = Endpoint, Name = Name,
            CreatedAt = CreatedAt, SourceImages = SourceImages, RowKey = RowKey, SavedPath = imagePath,
        };
        foreach (var column in Columns)
        {
            result.Columns[column.Key] = column.Value;
        }

        return result;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageSidecar))]
internal sealed partial class SidecarJsonContext : JsonSerializerContext;
