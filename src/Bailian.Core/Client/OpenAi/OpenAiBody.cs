using System.Globalization;
using System.Text.Json;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Images;

namespace Bailian.Client.OpenAi;

/// <summary>
/// The JSON body of a gateway's create call for a prepared request (seed 002): the request's fields in the gateway's
/// names. An edit's local files go inline as data URIs streamed from disk (<see cref="RequestBody"/>), as DashScope's
/// body does; a gateway has no temporary storage to upload to.
/// </summary>
internal static class OpenAiBody
{
    /// <summary>The route under the gateway's base: images/edits for a request with input images, else images/generations.</summary>
    public static string RouteOf(PreparedGeneration prepared) => prepared.Request is EditRequest ? "images/edits" : "images/generations";

    /// <summary>The API's name of a response format.</summary>
    public static string ApiName(ImageResponseFormat format) => format == ImageResponseFormat.Base64Json ? "b64_json" : "url";

    public static RequestBody For(PreparedGeneration prepared)
    {
        var request = prepared.Request;
        var placeholders = new Dictionary<string, (string Path, string MimeType)>();
        var token = "bailian-local-image-" + Guid.NewGuid().ToString("N") + "-";
        string Reference(ImageSource image)
        {
            if (image.Kind != ImageSourceKind.LocalFile)
            {
                return image.Value;
            }

            var placeholder = token + placeholders.Count.ToString(CultureInfo.InvariantCulture);
            placeholders[placeholder] = (image.Value, image.Header?.MimeType ?? "application/octet-stream");
            return placeholder;
        }

        var body = new OpenAiImageRequest
        {
            Prompt = request.Prompt,
            Model = prepared.ModelName,
            Image = request is EditRequest edit ? edit.Images.Select(Reference).ToList() : null,
            // The gateway wants a lowercase x (1328x1328); DashScope's 1328*1328 is refused there.
            Size = prepared.Size is { } size ? $"{size.Width.ToString(CultureInfo.InvariantCulture)}x{size.Height.ToString(CultureInfo.InvariantCulture)}" : prepared.NamedSize,
            // Always sent, as to DashScope: what is billed is then what was asked for, not a gateway's default.
            N = prepared.Count,
            Seed = request.Seed,
            Watermark = request.Watermark,
            ResponseFormat = request.ResponseFormat is { } format ? ApiName(format) : null,
            OptimizePromptOptions = request.PromptExtend is null && string.IsNullOrEmpty(request.NegativePrompt)
                ? null
                : new OptimizePromptOptions
                {
                    Enable = request.PromptExtend,
                    NegativePrompt = string.IsNullOrEmpty(request.NegativePrompt) ? null : request.NegativePrompt,
                },
        };
        return RequestBody.WithFiles(JsonSerializer.SerializeToUtf8Bytes(body, OpenAiJsonContext.Default.OpenAiImageRequest), placeholders);
    }
}
