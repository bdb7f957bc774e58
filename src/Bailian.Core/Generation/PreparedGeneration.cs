using Bailian.Images;

namespace Bailian.Generation;

/// <summary>
/// A validated request, ready to send: nothing about it can be rejected locally any more. It is only that: the
/// body each protocol sends is written behind the protocol seam (DashScope's: Client/DashScope/DashScopeBody.cs),
/// the row's identity for resuming is <see cref="Batch.RowKey"/>, and what -WhatIf shows is <see cref="WhatIfText"/>.
/// </summary>
public sealed class PreparedGeneration
{
    internal PreparedGeneration(ImageRequest request, ModelInfo? model, string modelName, ApiProtocol protocol, int count,
        ImageSize? size, IReadOnlyList<string> warnings, bool uploadsFiles = false)
    {
        Request = request;
        Model = model;
        ModelName = modelName;
        Protocol = protocol;
        Count = count;
        Size = size;
        Warnings = warnings;
        UploadsFiles = uploadsFiles;
    }

    public ImageRequest Request { get; }
    /// <summary>The catalog entry, or null for a model Bailian does not know (sent as given).</summary>
    public ModelInfo? Model { get; }
    public string ModelName { get; }
    /// <summary>The endpoint the request goes to; an asynchronous one answers with a task.</summary>
    public ApiProtocol Protocol { get; }
    /// <summary>How many images the request asks for (and bills).</summary>
    public int Count { get; }
    /// <summary>The size asked for, or null to let the model choose its default.</summary>
    public ImageSize? Size { get; }
    public IReadOnlyList<string> Warnings { get; }
    /// <summary>A size given by name, such as wan2.6-image's "2K".</summary>
    internal string? NamedSize { get; init; }
    /// <summary>True when local files go through DashScope's temporary storage rather than inline.</summary>
    public bool UploadsFiles { get; }

    /// <summary>The input images (and mask) of an edit; none for text to image.</summary>
    public IReadOnlyList<ImageSource> Inputs =>
        Request is EditRequest edit ? (edit.Mask is null ? edit.Images : edit.Images.Concat([edit.Mask]).ToList()) : [];

    /// <summary>The model's name in a region (some models are named differently in Singapore).</summary>
    public string ModelNameIn(string? regionId) => Model?.NameIn(regionId) ?? ModelName;

    /// <summary>The model-specific parameters, checked (prompt_extend_mode, thinking_mode, bbox_list, ...).</summary>
    internal OptionValues Options { get; init; } = OptionValues.None;

    /// <summary>True when the answer is streamed as server-sent events (wan2.6-image interleaved, API doc §2.4).</summary>
    public bool Streams => Options.Streams;
}
