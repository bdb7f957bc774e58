namespace Bailian;

/// <summary>Which DashScope endpoint and body style a model uses (API doc §12).</summary>
public enum ApiProtocol
{
    /// <summary>Synchronous <c>services/aigc/multimodal-generation/generation</c>, chat-message body.</summary>
    MultimodalGeneration,
    /// <summary>Asynchronous <c>services/aigc/text2image/image-synthesis</c>, <c>input.prompt</c> body.</summary>
    Text2ImageSynthesis,
    /// <summary>Asynchronous <c>services/aigc/image2image/image-synthesis</c>.</summary>
    Image2ImageSynthesis,
    /// <summary>Asynchronous <c>services/aigc/image-generation/generation</c>, chat-message body.</summary>
    ImageGeneration,
}

/// <summary>What a model is for.</summary>
public enum ModelTask
{
    TextToImage,
    ImageEdit,
}
