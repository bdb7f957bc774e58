using System.Collections.Generic;
using Bailian.Images;

namespace Bailian.Generation;

/// <summary>What the user asked for, before validation: the parameters every image request has. Null means "not given".</summary>
public abstract class ImageRequest
{
    public string Prompt { get; set; } = "";
    public string? NegativePrompt { get; set; }
    public string Model { get; set; } = "";
    public string? Size { get; set; }
    public int? Count { get; set; }
    public long? Seed { get; set; }
    public bool? PromptExtend { get; set; }
    public bool? Watermark { get; set; }
    public string? Name { get; set; }
    /// <summary>Submit as a task and return at once (-Async), instead of waiting for the images.</summary>
    public bool Async { get; set; }
    /// <summary>An OpenAI-style gateway's response_format (-ResponseFormat); null for the gateway's default (url). DashScope refuses it.</summary>
    public ImageResponseFormat? ResponseFormat { get; set; }
}

/// <summary>New-BailianImage's request: a prompt and nothing to start from.</summary>
public sealed class TextToImageRequest : ImageRequest
{
    public const string DefaultModel = "qwen-image-plus";

    public TextToImageRequest() => Model = DefaultModel;
}

/// <summary>Edit-BailianImage's request: images to start from, and the editing model's own options.</summary>
public sealed class EditRequest : ImageRequest
{
    public const string DefaultModel = "qwen-image-edit-plus";

    public EditRequest() => Model = DefaultModel;

    public IReadOnlyList<ImageSource> Images { get; set; } = [];
    /// <summary>wanx2.1-imageedit's mask: white marks what to edit.</summary>
    public ImageSource? Mask { get; set; }
    /// <summary>wanx2.1-imageedit's function, e.g. description_edit or expand.</summary>
    public string? Function { get; set; }
    public double? Strength { get; set; }
    public double? TopScale { get; set; }
    public double? BottomScale { get; set; }
    public double? LeftScale { get; set; }
    public double? RightScale { get; set; }
    public int? UpscaleFactor { get; set; }
    public bool? IsSketch { get; set; }
    /// <summary>Send local files through DashScope's temporary storage instead of inline.</summary>
    public bool Upload { get; set; }
}
