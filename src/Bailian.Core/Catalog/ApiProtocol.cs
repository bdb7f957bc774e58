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

/// <summary>Endpoint facts per protocol (API doc §12).</summary>
public static class ApiProtocols
{
    /// <summary>True for the task endpoints: they need X-DashScope-Async and answer with a task id.</summary>
    public static bool IsAsync(this ApiProtocol protocol) => protocol != ApiProtocol.MultimodalGeneration;

    /// <summary>The path under the base URL.</summary>
    public static string Path(this ApiProtocol protocol) => protocol switch
    {
        ApiProtocol.MultimodalGeneration => "services/aigc/multimodal-generation/generation",
        ApiProtocol.Text2ImageSynthesis => "services/aigc/text2image/image-synthesis",
        ApiProtocol.Image2ImageSynthesis => "services/aigc/image2image/image-synthesis",
        _ => "services/aigc/image-generation/generation",
    };

    /// <summary>True for the chat-message body (<c>input.messages</c>); false for <c>input.prompt</c>.</summary>
    public static bool UsesMessages(this ApiProtocol protocol) =>
        protocol is ApiProtocol.MultimodalGeneration or ApiProtocol.ImageGeneration;
}

/// <summary>
/// The DashScope endpoint family a request goes to (API doc §12), as -EndpointFamily names it: the way to reach a
/// model the catalog does not know on the endpoint its docs name.
/// </summary>
public enum EndpointFamily
{
    /// <summary>The synchronous chat-message endpoint, <c>multimodal-generation/generation</c> (§2); with -Async its task twin, <c>image-generation/generation</c>.</summary>
    MultimodalGeneration,
    /// <summary>The old-protocol text-to-image task endpoint, <c>text2image/image-synthesis</c> (§3.1).</summary>
    Text2Image,
    /// <summary>The old-protocol image-to-image task endpoint, <c>image2image/image-synthesis</c> (§3.2).</summary>
    Image2Image,
    /// <summary>The new-protocol task endpoint, <c>image-generation/generation</c> (§3.3).</summary>
    ImageGeneration,
}

/// <summary>How endpoint families and protocols map onto each other.</summary>
public static class EndpointFamilies
{
    /// <summary>The protocol a family sends with; <paramref name="async"/> only matters for the synchronous family, whose task twin is ImageGeneration.</summary>
    public static ApiProtocol Protocol(this EndpointFamily family, bool async) => family switch
    {
        EndpointFamily.Text2Image => ApiProtocol.Text2ImageSynthesis,
        EndpointFamily.Image2Image => ApiProtocol.Image2ImageSynthesis,
        EndpointFamily.ImageGeneration => ApiProtocol.ImageGeneration,
        _ => async ? ApiProtocol.ImageGeneration : ApiProtocol.MultimodalGeneration,
    };

    /// <summary>The family a protocol belongs to.</summary>
    public static EndpointFamily Family(this ApiProtocol protocol) => protocol switch
    {
        ApiProtocol.Text2ImageSynthesis => EndpointFamily.Text2Image,
        ApiProtocol.Image2ImageSynthesis => EndpointFamily.Image2Image,
        ApiProtocol.ImageGeneration => EndpointFamily.ImageGeneration,
        _ => EndpointFamily.MultimodalGeneration,
    };
}

/// <summary>What a model is for.</summary>
public enum ModelTask
{
    TextToImage,
    ImageEdit,
}

/// <summary>What Get-BailianModel says a model does (its Kind column, and -Kind's values).</summary>
public enum ModelKind
{
    /// <summary>Makes images from a prompt alone (New-BailianImage).</summary>
    TextToImage,
    /// <summary>Changes or combines input images (Edit-BailianImage).</summary>
    Edit,
    /// <summary>Both: with no input image it makes one from the prompt, with images it edits them.</summary>
    Both,
}
