using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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

        var request = prepared.Request;
        var rowKey = Batch.RowKey.Of(prepared);
        var created = response.Created is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : now;
        return items.Select((item, index) =>
        {
            var bytes = item.Url is { Length: > 0 } ? null : Decode(item.B64Json!, prepared, url, index);
            var size = SizeOf(bytes, prepared);
            return new ImageResult
            {
                Url = item.Url ?? "",
                Bytes = bytes,
                ExpiresAt = item.Url is { Length: > 0 } ? SignedUrl.ExpiresAt(item.Url) : null,
                Model = prepared.ModelName,
                Prompt = request.Prompt,
                ActualPrompt = item.RevisedPrompt,
                NegativePrompt = request.NegativePrompt,
                Size = size?.ToString(),
                Width = size?.Width,
                Height = size?.Height,
                Seed = request.Seed,
                Index = index,
                Endpoint = endpoint.BaseUrl.ToString(),
                Name = request.Name,
                CreatedAt = Tasks.TaskTimes.Local(created),
                SourceImages = SourceImages.Of(prepared),
                RowKey = rowKey,
            };
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
            throw new OutcomeUnknownException(prepared.ModelName, url, $"image {index} of the answer is neither a URL nor base64 data", e);
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
