using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Images;

namespace Bailian.Client.OpenAi;

/// <summary>
/// Reads a gateway's success answer, <c>{created, data: [{url} | {b64_json}], usage}</c>, into one
/// <see cref="ImageResult"/> per item, in order: a URL (its expiry read from its signature), or the decoded bytes.
/// </summary>
internal static class OpenAiAnswerReader
{
    /// <exception cref="BailianException">Bailian.NoImages for a 200 without any image.</exception>
    /// <exception cref="OutcomeUnknownException">An item that is neither a URL nor base64 image data: the call was billed, its images cannot be read.</exception>
    public static IReadOnlyList<ImageResult> Read(OpenAiImagesResponse response, PreparedGeneration prepared, DashScopeEndpoint endpoint, Uri url,
        DateTimeOffset now)
    {
        var items = (response.Data ?? []).Where(item => !string.IsNullOrEmpty(item.Url) || !string.IsNullOrEmpty(item.B64Json)).ToList();
        if (items.Count == 0)
        {
            throw new BailianException(ErrorIds.NoImages, BailianErrorCategory.InvalidResult,
                $"The gateway {endpoint.BaseUrl} answered without any image for {prepared.ModelName}.");
        }

        var created = response.Created is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : now;
        return items.Select((item, index) =>
        {
            var bytes = item.Url is { Length: > 0 } ? null : Decode(item.B64Json!, prepared, url, index);
            var result = RequestResults.For(prepared, endpoint, index, SizeOf(bytes, prepared), created);
            result.Url = item.Url ?? "";
            result.Bytes = bytes;
            result.ExpiresAt = item.Url is { Length: > 0 } ? SignedUrl.ExpiresAt(item.Url) : null;
            result.ActualPrompt = item.RevisedPrompt;
            return result;
        }).ToList();
    }

    private static byte[] Decode(string base64, PreparedGeneration prepared, Uri url, int index)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw new OutcomeUnknownException(prepared.ModelName, url, $"image {index} of the answer is neither a URL nor base64 data", e, ConnectionProtocol.OpenAI);
        }
    }

    // The image's own header says best; else what was asked for. Not the catalog's default size: a gateway's default
    // may differ from DashScope's (the emulator's qwen-image-plus makes 1328x1328, DashScope's 1664*928), so unknown stays null.
    private static ImageSize? SizeOf(byte[]? bytes, PreparedGeneration prepared)
    {
        if (bytes is not null)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            if (ImageHeader.Read(stream) is { Width: > 0, Height: > 0 } header)
            {
                return new ImageSize(header.Width, header.Height);
            }
        }

        return prepared.Size;
    }
}
