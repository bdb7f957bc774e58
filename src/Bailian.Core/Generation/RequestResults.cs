using Bailian.Connection;
using Bailian.Images;

namespace Bailian.Generation;

/// <summary>
/// What every protocol's answer reader puts on an <see cref="ImageResult"/> from the request itself: the model,
/// prompt, seed, name, source images and resume key the row asked with, and where it was sent. The readers add
/// what only the answer knows (URL or bytes, expiry, request id, text).
/// </summary>
internal static class RequestResults
{
    /// <param name="size">The image's size as the answer or the request gives it; null when neither does.</param>
    /// <param name="created">When the answer was made (the server's time if it gives one), shown in local time.</param>
    public static ImageResult For(PreparedGeneration prepared, DashScopeEndpoint endpoint, int index, ImageSize? size, DateTimeOffset created) =>
        new()
        {
            Model = prepared.ModelName,
            Prompt = prepared.Request.Prompt,
            NegativePrompt = prepared.Request.NegativePrompt,
            Size = size?.ToString(),
            Width = size?.Width,
            Height = size?.Height,
            Seed = prepared.Request.Seed,
            Index = index,
            Region = endpoint.Region?.Id,
            Endpoint = endpoint.BaseUrl.ToString(),
            Name = prepared.Request.Name,
            CreatedAt = Tasks.TaskTimes.Local(created),
            SourceImages = SourceImages.Of(prepared),
            RowKey = Batch.RowKey.Of(prepared),
        };
}
