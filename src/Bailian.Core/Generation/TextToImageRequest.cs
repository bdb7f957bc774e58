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
    /// <summary>The endpoint family to use (-EndpointFamily); null lets the catalog decide, or the name's guess for an unknown model.</summary>
    public EndpointFamily? EndpointFamily { get; set; }

    // Model-specific parameters (API doc §2.1); ModelOptionChecks says which model takes which.
    /// <summary>prompt_extend_mode, qwen-image-3.0: direct or agent (agent without input images only).</summary>
    public string? PromptExtendMode { get; set; }
    /// <summary>thinking_mode, wan2.7: think before drawing (text to image only).</summary>
    public bool? ThinkingMode { get; set; }
    /// <summary>enable_sequential, wan2.7: an image group (n up to 12).</summary>
    public bool? Sequential { get; set; }
    /// <summary>bbox_list, wan2.7 edits: JSON, one list of [x1, y1, x2, y2] boxes per input image.</summary>
    public string? BoundingBoxes { get; set; }
    /// <summary>color_palette, wan2.7: "#RRGGBB:ratio" entries separated by commas, or the API's JSON array.</summary>
    public string? ColorPalette { get; set; }
    /// <summary>enable_interleave, wan2.6-image: text and images interleaved, streamed.</summary>
    public bool? Interleave { get; set; }
    /// <summary>max_images, wan2.6-image interleaved mode: 1 to 5.</summary>
    public int? MaxImages { get; set; }
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
