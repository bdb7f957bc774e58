using System.Collections.Generic;
using Bailian.Json;

namespace Bailian.Generation;

/// <summary>A validated request, ready to send: nothing about it can be rejected locally any more.</summary>
public sealed class PreparedGeneration
{
    internal PreparedGeneration(TextToImageRequest request, ModelInfo? model, MultimodalRequest body, int count, ImageSize? size,
        IReadOnlyList<string> warnings)
    {
        Request = request;
        Model = model;
        Body = body;
        Count = count;
        Size = size;
        Warnings = warnings;
    }

    public TextToImageRequest Request { get; }
    /// <summary>The catalog entry, or null for a model Bailian does not know (sent as given).</summary>
    public ModelInfo? Model { get; }
    public string ModelName => Body.Model;
    /// <summary>How many images the request asks for (and bills).</summary>
    public int Count { get; }
    /// <summary>The size asked for, or null to let the model choose its default.</summary>
    public ImageSize? Size { get; }
    public IReadOnlyList<string> Warnings { get; }

    internal MultimodalRequest Body { get; }

    /// <summary>What -WhatIf and -Confirm show.</summary>
    public string Describe()
    {
        var size = Size?.ToString() ?? Model?.DefaultSize ?? "default size";
        var prompt = Request.Prompt.Length > 60 ? Request.Prompt.Substring(0, 57) + "..." : Request.Prompt;
        return $"{Count} image{(Count == 1 ? "" : "s")} with {ModelName} at {size}: \"{prompt}\"";
    }
}
