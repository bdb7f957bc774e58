namespace Bailian;

/// <summary>How an OpenAI-style gateway hands the images back (-ResponseFormat; the API's <c>response_format</c>).</summary>
public enum ImageResponseFormat
{
    /// <summary><c>url</c>: a link to download, valid for a while (the gateway's default).</summary>
    Url,

    /// <summary><c>b64_json</c>: the image itself in the answer, held by the ImageResult (<see cref="ImageResult.Bytes"/>).</summary>
    Base64Json,
}
