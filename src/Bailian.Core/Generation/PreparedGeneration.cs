using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Bailian.Http;
using Bailian.Images;
using Bailian.Json;

namespace Bailian.Generation;

/// <summary>A validated request, ready to send: nothing about it can be rejected locally any more.</summary>
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
    /// <summary>True when local files go through DashScope's temporary storage rather than inline.</summary>
    public bool UploadsFiles { get; }

    /// <summary>The checks that need the endpoint but no network (model served in its region, uploads possible there), for before ShouldProcess.</summary>
    /// <exception cref="BailianValidationException">Bailian.ModelNotInRegion, or uploads outside Beijing.</exception>
    public void CheckEndpoint(Connection.DashScopeEndpoint endpoint) => GenerationCalls.CheckEndpoint(this, endpoint);

    private string? _rowKey;

    /// <summary>The row's identity for resuming (Bailian.Batch.RowKey).</summary>
    public string RowKey => _rowKey ??= Batch.RowKey.Of(this);

    /// <summary>The input images (and mask) of an edit; none for text to image.</summary>
    public IReadOnlyList<ImageSource> Inputs =>
        Request is EditRequest edit ? (edit.Mask is null ? edit.Images : edit.Images.Concat([edit.Mask]).ToList()) : [];

    /// <summary>The model's name in a region (some models are named differently in Singapore).</summary>
    public string ModelNameIn(string? regionId) => Model?.NameIn(regionId) ?? ModelName;

    /// <summary>
    /// The body, in the shape the protocol wants, with the model named as the region names it. Local
    /// files become data URIs streamed from disk, or the oss:// URLs they were uploaded to.
    /// </summary>
    internal RequestBody BodyFor(string? regionId, IReadOnlyDictionary<string, string>? uploaded = null)
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
        Options.ApplyTo(parameters);
        return parameters;
    }

    /// <summary>A size given by name, such as wan2.6-image's "2K".</summary>
    internal string? NamedSize { get; init; }

    /// <summary>The model-specific parameters, checked (prompt_extend_mode, thinking_mode, bbox_list, ...).</summary>
    internal OptionValues Options { get; init; } = OptionValues.None;

    /// <summary>True when the answer is streamed as server-sent events (wan2.6-image interleaved, API doc §2.4).</summary>
    public bool Streams => Options.Streams;

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

    /// <summary>What -WhatIf and -Confirm show.</summary>
    public string Describe()
    {
        var size = Size?.ToString() ?? NamedSize ?? Model?.DefaultSize ?? "default size";
        var prompt = Request.Prompt.Length > 60 ? Request.Prompt.Substring(0, 57) + "..." : Request.Prompt;
        var asTask = Protocol.IsAsync() ? " (as a task)" : "";
        var from = Inputs.Count == 0 ? "" : $" from {Inputs.Count} image{(Inputs.Count == 1 ? "" : "s")}";
        // Interleaved output makes up to max_images images from its one request (n = 1).
        var most = Options.MaxImages ?? Model?.Options.Interleave?.MaxImages.Max;
        var images = Options.Streams ? $"text and up to {most?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "several"} images"
            : $"{Count} image{(Count == 1 ? "" : "s")}";
        return $"{images} with {ModelName} at {size}{asTask}{from}: \"{prompt}\"";
    }
}
