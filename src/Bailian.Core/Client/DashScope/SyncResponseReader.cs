using System;
using System.Collections.Generic;
using System.Linq;
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
        var urls = (response.Output?.Choices ?? [])
            .SelectMany(choice => choice.Message?.Content ?? [])
            .Select(item => item.Image)
            .Where(url => !string.IsNullOrEmpty(url))
            .ToList();
        if (urls.Count == 0)
        {
            // A 200 without images: DashScope reports the reason in output.code/message when it has one.
            throw new BailianException(ErrorIds.NoImages, BailianErrorCategory.InvalidResult,
                $"DashScope answered without any image for {prepared.ModelName}" +
                (response.Output?.Code is { } code ? $": {code} {response.Output.Message}" : ".") +
                (response.RequestId is { } id ? $" (request id {id})" : ""));
        }

        var size = SizeOf(response.Usage, prepared);
        var request = prepared.Request;
        var rowKey = Batch.RowKey.Of(prepared);
        return urls.Select((url, index) => new ImageResult
        {
            Url = url!,
            ExpiresAt = SignedUrl.ExpiresAt(url!),
            Model = prepared.ModelName,
            Prompt = request.Prompt,
            NegativePrompt = request.NegativePrompt,
            Size = size?.ToString(),
            Width = size?.Width,
            Height = size?.Height,
            Seed = request.Seed,
            Index = index,
            RequestId = response.RequestId,
            Region = endpoint.Region?.Id,
            Endpoint = endpoint.BaseUrl.ToString(),
            Name = request.Name,
            CreatedAt = Tasks.TaskTimes.Local(now),
            SourceImages = SourceImages.Of(prepared),
            RowKey = rowKey,
        }).ToList();
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
