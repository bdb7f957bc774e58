namespace Bailian.Json;

// Request bodies for the chat-message protocol (API doc §2.1). Null members are not sent:
// defaults differ per model, so only what the caller set goes on the wire.

internal sealed class MultimodalRequest
{
    public string Model { get; set; } = "";
    public MultimodalInput Input { get; set; } = new();
    public GenerationParameters Parameters { get; set; } = new();
}

internal sealed class MultimodalInput
{
    public List<RequestMessage> Messages { get; set; } = [];
}

internal sealed class RequestMessage
{
    public string Role { get; set; } = "user";
    public List<RequestContent> Content { get; set; } = [];
}

internal sealed class RequestContent
{
    public string? Image { get; set; }
    public string? Text { get; set; }
}

// The older task protocol (API doc §3.1): the prompt sits in input, not in a message.
internal sealed class ImageSynthesisRequest
{
    public string Model { get; set; } = "";
    public ImageSynthesisInput Input { get; set; } = new();
    public GenerationParameters Parameters { get; set; } = new();
}

internal sealed class ImageSynthesisInput
{
    public string Prompt { get; set; } = "";
    public string? NegativePrompt { get; set; }
    // wan2.5-i2i-preview takes a list of images; wanx2.1-imageedit a function, a base image and maybe a mask.
    public List<string>? Images { get; set; }
    public string? Function { get; set; }
    public string? BaseImageUrl { get; set; }
    public string? MaskImageUrl { get; set; }
}

internal sealed class GenerationParameters
{
    public string? NegativePrompt { get; set; }
    public string? Size { get; set; }
    public int? N { get; set; }
    public bool? PromptExtend { get; set; }
    public bool? Watermark { get; set; }
    public long? Seed { get; set; }
    // wanx2.1-imageedit's per-function parameters.
    public double? Strength { get; set; }
    public double? TopScale { get; set; }
    public double? BottomScale { get; set; }
    public double? LeftScale { get; set; }
    public double? RightScale { get; set; }
    public int? UpscaleFactor { get; set; }
    public bool? IsSketch { get; set; }
    // Model-specific parameters (API doc §2.1): qwen-image-3.0, wan2.7, wan2.6-image interleaved mode.
    public string? PromptExtendMode { get; set; }
    public bool? ThinkingMode { get; set; }
    public bool? EnableSequential { get; set; }
    public List<List<List<int>>>? BboxList { get; set; }
    public List<PaletteColor>? ColorPalette { get; set; }
    public bool? EnableInterleave { get; set; }
    public int? MaxImages { get; set; }
}

// wan2.7's color_palette entry (API doc §2.2 E): the Java SDK's ColorPalette {String hex; Double ratio}.
internal sealed class PaletteColor
{
    public string Hex { get; set; } = "";
    public double Ratio { get; set; }
}
