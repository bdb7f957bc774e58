using System.Collections.Generic;
using System.Text.Json;
using Bailian.Json;

namespace Bailian.Generation;

/// <summary>A validated request, ready to send: nothing about it can be rejected locally any more.</summary>
public sealed class PreparedGeneration
{
    internal PreparedGeneration(TextToImageRequest request, ModelInfo? model, string modelName, ApiProtocol protocol, int count,
        ImageSize? size, IReadOnlyList<string> warnings)
    {
        Request = request;
        Model = model;
        ModelName = modelName;
        Protocol = protocol;
        Count = count;
        Size = size;
        Warnings = warnings;
    }

    public TextToImageRequest Request { get; }
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

    /// <summary>The model's name in a region (some models are named differently in Singapore).</summary>
    public string ModelNameIn(string? regionId) => Model?.NameIn(regionId) ?? ModelName;

    /// <summary>The JSON body, in the shape the protocol wants, with the model named as the region names it.</summary>
    internal byte[] BodyFor(string? regionId)
    {
        var parameters = new GenerationParameters
        {
            NegativePrompt = Protocol.UsesMessages() && !string.IsNullOrEmpty(Request.NegativePrompt) ? Request.NegativePrompt : null,
            Size = Size?.ToString(),
            // Always sent: Wan models make, and bill, 4 images when n is absent.
            N = Count,
            PromptExtend = Request.PromptExtend,
            Watermark = Request.Watermark,
            Seed = Request.Seed,
        };
        var model = ModelNameIn(regionId);
        if (!Protocol.UsesMessages())
        {
            var synthesis = new ImageSynthesisRequest
            {
                Model = model,
                Input = new ImageSynthesisInput
                {
                    Prompt = Request.Prompt,
                    NegativePrompt = string.IsNullOrEmpty(Request.NegativePrompt) ? null : Request.NegativePrompt,
                },
                Parameters = parameters,
            };
            return JsonSerializer.SerializeToUtf8Bytes(synthesis, DashScopeJsonContext.Default.ImageSynthesisRequest);
        }

        var multimodal = new MultimodalRequest
        {
            Model = model,
            Input = new MultimodalInput
            {
                Messages = [new RequestMessage { Content = [new RequestContent { Text = Request.Prompt }] }],
            },
            Parameters = parameters,
        };
        return JsonSerializer.SerializeToUtf8Bytes(multimodal, DashScopeJsonContext.Default.MultimodalRequest);
    }

    /// <summary>What -WhatIf and -Confirm show.</summary>
    public string Describe()
    {
        var size = Size?.ToString() ?? Model?.DefaultSize ?? "default size";
        var prompt = Request.Prompt.Length > 60 ? Request.Prompt.Substring(0, 57) + "..." : Request.Prompt;
        var asTask = Protocol.IsAsync() ? " (as a task)" : "";
        return $"{Count} image{(Count == 1 ? "" : "s")} with {ModelName} at {size}{asTask}: \"{prompt}\"";
    }
}
