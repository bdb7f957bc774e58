using System.Text.Json;
using Bailian.Catalog;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Images;
using Bailian.Json;

namespace Bailian.Client.DashScope;

/// <summary>
/// The JSON body of DashScope's create call for a prepared request (API doc §2.1 chat messages, §3.1
/// <c>input.prompt</c>): the request's fields in DashScope's names, the model as the region names it.
/// Moved out of PreparedGeneration so that a second protocol writes its own body from the same request.
/// </summary>
internal sealed class DashScopeBody
{
    private readonly PreparedGeneration _prepared;

    private DashScopeBody(PreparedGeneration prepared) => _prepared = prepared;

    /// <summary>
    /// The body of <paramref name="prepared"/> for a region; local files become data URIs streamed from disk,
    /// or the oss:// URLs they were uploaded to (<paramref name="uploaded"/>, by full path).
    /// </summary>
    public static RequestBody For(PreparedGeneration prepared, string? regionId, IReadOnlyDictionary<string, string>? uploaded = null) =>
        new DashScopeBody(prepared).Write(regionId, uploaded);

    // The request's parts under the names the body code has always used, so its lines read as before.
    private ImageRequest Request => _prepared.Request;
    private ApiProtocol Protocol => _prepared.Protocol;
    private int Count => _prepared.Count;
    private ImageSize? Size => _prepared.Size;
    private string? NamedSize => _prepared.NamedSize;
    private string ModelNameIn(string? regionId) => _prepared.ModelNameIn(regionId);

    /// <summary>
    /// The body, in the shape the protocol wants, with the model named as the region names it. Local
    /// files become data URIs streamed from disk, or the oss:// URLs they were uploaded to.
    /// </summary>
    private RequestBody Write(string? regionId, IReadOnlyDictionary<string, string>? uploaded)
    {
        var placeholders = new Dictionary<string, (string Path, string MimeType)>();
        var token = "bailian-local-image-" + Guid.NewGuid().ToString("N") + "-";
        string Reference(ImageSource image)
        {
            if (image.Kind != ImageSourceKind.LocalFile)
            {
                return image.Value;
            }

            if (uploaded is not null && uploaded.TryGetValue(image.Value, out var ossUrl))
            {
                return ossUrl;
            }

            var placeholder = token + placeholders.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            placeholders[placeholder] = (image.Value, image.Header?.MimeType ?? "application/octet-stream");
            return placeholder;
        }

        var json = Protocol.UsesMessages() ? MessagesBody(regionId, Reference) : SynthesisBody(regionId, Reference);
        return RequestBody.WithFiles(json, placeholders);
    }

    private GenerationParameters Parameters(bool negativeInParameters)
    {
        var edit = Request as EditRequest;
        return new GenerationParameters
        {
            NegativePrompt = negativeInParameters && !string.IsNullOrEmpty(Request.NegativePrompt) ? Request.NegativePrompt : null,
            Size = Size?.ToString() ?? NamedSize,
            // Always sent: Wan models make, and bill, 4 images when n is absent.
            N = Count,
            PromptExtend = Request.PromptExtend,
            Watermark = Request.Watermark,
            Seed = Request.Seed,
            Strength = edit?.Strength,
            TopScale = edit?.TopScale,
            BottomScale = edit?.BottomScale,
            LeftScale = edit?.LeftScale,
            RightScale = edit?.RightScale,
            UpscaleFactor = edit?.UpscaleFactor,
            IsSketch = edit?.IsSketch,
        };
    }

    private GenerationParameters ParametersWithOptions(bool negativeInParameters)
    {
        var parameters = Parameters(negativeInParameters);
        _prepared.Options.ApplyTo(parameters);
        return parameters;
    }

    private byte[] MessagesBody(string? regionId, Func<ImageSource, string> reference)
    {
        var content = (Request as EditRequest)?.Images.Select(image => new RequestContent { Image = reference(image) }).ToList() ?? [];
        content.Add(new RequestContent { Text = Request.Prompt });
        var body = new MultimodalRequest
        {
            Model = ModelNameIn(regionId),
            Input = new MultimodalInput { Messages = [new RequestMessage { Content = content }] },
            Parameters = ParametersWithOptions(negativeInParameters: true),
        };
        return JsonSerializer.SerializeToUtf8Bytes(body, DashScopeJsonContext.Default.MultimodalRequest);
    }

    private byte[] SynthesisBody(string? regionId, Func<ImageSource, string> reference)
    {
        var edit = Request as EditRequest;
        var usesFunction = edit?.Function is not null;
        var input = new ImageSynthesisInput
        {
            Prompt = Request.Prompt,
            NegativePrompt = string.IsNullOrEmpty(Request.NegativePrompt) ? null : Request.NegativePrompt,
            Function = edit?.Function,
            BaseImageUrl = usesFunction ? reference(edit!.Images[0]) : null,
            MaskImageUrl = usesFunction && edit!.Mask is { } mask ? reference(mask) : null,
            Images = edit is { Images.Count: > 0 } && !usesFunction ? edit.Images.Select(reference).ToList() : null,
        };
        var body = new ImageSynthesisRequest { Model = ModelNameIn(regionId), Input = input, Parameters = Parameters(negativeInParameters: false) };
        return JsonSerializer.SerializeToUtf8Bytes(body, DashScopeJsonContext.Default.ImageSynthesisRequest);
    }
}
