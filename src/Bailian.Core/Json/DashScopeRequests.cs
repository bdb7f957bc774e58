using System.Collections.Generic;

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
}

internal sealed class GenerationParameters
{
    public string? NegativePrompt { get; set; }
    public string? Size { get; set; }
    public int? N { get; set; }
    public bool? PromptExtend { get; set; }
    public bool? Watermark { get; set; }
    public long? Seed { get; set; }
}
