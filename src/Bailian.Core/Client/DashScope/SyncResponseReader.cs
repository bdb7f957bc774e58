using Bailian.Connection;
using Bailian.Generation;
using Bailian.Json;

namespace Bailian.Client.DashScope;

/// <summary>Reads the chat-shaped answer of the synchronous endpoint (API doc §2.2).</summary>
internal static class SyncResponseReader
{
    public static IReadOnlyList<ImageResult> Read(DashScopeResponse response, PreparedGeneration prepared, DashScopeEndpoint endpoint,
        DateTimeOffset now)
    {
        var (urls, texts) = ImagesAndText((response.Output?.Choices ?? []).SelectMany(choice => choice.Message?.Content ?? []));
        if (urls.Count == 0)
        {
            // A 200 without images: DashScope reports the reason in output.code/message when it has one.
            throw new BailianException(ErrorIds.NoImages, BailianErrorCategory.InvalidResult,
                $"DashScope answered without any image for {prepared.ModelName}" +
                (response.Output?.Code is { } code ? $": {code} {response.Output.Message}" : ".") +
                (response.RequestId is { } id ? $" (request id {id})" : ""));
        }

        var size = SizeOf(response.Usage, prepared);
        return urls.Select((url, index) =>
        {
            var result = RequestResults.For(prepared, endpoint, index, size, now);
            result.Url = url!;
            result.ExpiresAt = SignedUrl.ExpiresAt(url!);
            result.RequestId = response.RequestId;
            result.Text = texts[index];
            return result;
        }).ToList();
    }

    // Interleaved output (wan2.6-image, API doc §2.4) mixes text items with the images: each image gets the text
    // written before it (since the image before), and text after the last image goes on the last one. No text: null.
    private static (List<string?> Urls, List<string?> Texts) ImagesAndText(IEnumerable<ResponseContent> content)
    {
        var urls = new List<string?>();
        var texts = new List<string?>();
        var text = new System.Text.StringBuilder();
        foreach (var item in content)
        {
            if (!string.IsNullOrEmpty(item.Image))
            {
                urls.Add(item.Image);
                texts.Add(text.Length > 0 ? text.ToString() : null);
                text.Clear();
            }
            else if (item.Text is { Length: > 0 } piece)
            {
                text.Append(piece);
            }
        }

        if (text.Length > 0 && texts.Count > 0)
        {
            texts[texts.Count - 1] += text.ToString();
        }

        return (urls, texts);
    }

    // usage comes in three shapes; fall back to what was asked for, then to the model's default.
    private static ImageSize? SizeOf(ResponseUsage? usage, PreparedGeneration prepared)
    {
        if (usage is { Width: > 0, Height: > 0 })
        {
            return new ImageSize(usage.Width.Value, usage.Height.Value);
        }

        if (usage is { OutputWidth: > 0, OutputHeight: > 0 })
        {
            return new ImageSize(usage.OutputWidth.Value, usage.OutputHeight.Value);
        }

        if (ImageSize.TryParse(usage?.Size, out var reported))
        {
            return reported;
        }

        return prepared.Size ?? (ImageSize.TryParse(prepared.Model?.DefaultSize, out var fallback) ? fallback : null);
    }
}
