using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bailian.Generation;
using Bailian.Images;

namespace Bailian.Batch;

/// <summary>
/// A row's identity for resuming a batch: a hash of what decides the image — model, prompt, negative
/// prompt, size, count, seed, prompt_extend, watermark, the edit's inputs and options — and the row's
/// name. Save-BailianImage -Metadata records it beside each image; a rerun that finds it skips the row
/// instead of paying for it again. Things that do not change the request (CSV columns Bailian does not
/// send, the output folder) are left out, so the same CSV gives the same keys.
/// </summary>
public static class RowKey
{
    public static string Of(PreparedGeneration prepared)
    {
        var request = prepared.Request;
        var parts = new List<string>
        {
            "model=" + prepared.ModelName,
            "prompt=" + request.Prompt,
            "negative=" + request.NegativePrompt,
            "size=" + (prepared.Size?.ToString() ?? prepared.NamedSize),
            "n=" + prepared.Count.ToString(CultureInfo.InvariantCulture),
            "seed=" + request.Seed?.ToString(CultureInfo.InvariantCulture),
            "extend=" + request.PromptExtend,
            "watermark=" + request.Watermark,
            "name=" + request.Name,
        };
        if (prepared.Options.Key() is { Length: > 0 } options)
        {
            parts.Add(options);
        }

        if (request is EditRequest edit)
        {
            parts.AddRange(edit.Images.Select(image => "image=" + Identity(image)));
            parts.Add("mask=" + (edit.Mask is null ? "" : Identity(edit.Mask)));
            parts.Add(string.Join(",", "function=" + edit.Function, edit.Strength, edit.TopScale, edit.BottomScale, edit.LeftScale,
                edit.RightScale, edit.UpscaleFactor, edit.IsSketch));
        }

        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(string.Join("\n", parts)));
        return BitConverter.ToString(hash, 0, 16).Replace("-", "").ToLowerInvariant();
    }

    // A signed URL's query changes on every signing; the path names the image. A local file is named by
    // its path and length, so an edited file is a new row.
    private static string Identity(ImageSource image) => image.Kind switch
    {
        ImageSourceKind.Url => image.Value.Split('?')[0],
        ImageSourceKind.LocalFile => image.Value + "#" + image.Length?.ToString(CultureInfo.InvariantCulture),
        _ => image.Value,
    };
}
