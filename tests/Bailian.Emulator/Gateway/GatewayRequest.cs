using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Bailian.Emulator.Generation;

namespace Bailian.Emulator.Gateway;

/// <summary>Which of the gateway's two routes a call came in on.</summary>
internal enum GatewayRoute
{
    /// <summary><c>POST /gateway/v1/images/generations</c>: text to image, no <c>image</c>.</summary>
    Generations,

    /// <summary><c>POST /gateway/v1/images/edits</c>: JSON with <c>image</c>, 1–3 URLs or data URIs.</summary>
    Edits,
}

/// <summary>How the images come back: <c>response_format</c>.</summary>
internal enum GatewayResponseFormat
{
    /// <summary><c>data[].url</c>, a signed result URL (the default).</summary>
    Url,

    /// <summary><c>data[].b64_json</c>, the PNG itself in base64.</summary>
    Base64Json,
}

/// <summary>
/// A checked gateway request (seed 002, "支持的参数"), every default applied. Unknown fields are ignored, as gateways
/// ignore OpenAI fields they do not forward (<c>quality</c>, <c>style</c>, <c>user</c>...).
/// </summary>
/// <param name="Model">The model, with the DashScope rule it is forwarded under.</param>
/// <param name="Prompt">The prompt, cut to the model's DashScope limit (API doc §5: cut, not refused).</param>
/// <param name="NegativePrompt"><c>optimize_prompt_options.negative_prompt</c>, or null.</param>
/// <param name="Images">The <c>image</c> references (edits only), in order.</param>
/// <param name="Size">The output size before an edit's inputs reshape a default one.</param>
/// <param name="SizeIsExact">Whether <c>size</c> was sent (then inputs do not reshape it).</param>
/// <param name="Count"><c>n</c>.</param>
/// <param name="Seed"><c>seed</c>, or a random one.</param>
/// <param name="Format"><c>response_format</c>.</param>
internal sealed record GatewayRequest(
    GatewayModel Model,
    string Prompt,
    string? NegativePrompt,
    IReadOnlyList<string> Images,
    ImageSize Size,
    bool SizeIsExact,
    int Count,
    long Seed,
    GatewayResponseFormat Format)
{
    public const long MaxSeed = int.MaxValue;

    /// <summary>Checks <paramref name="body"/> field by field in a fixed order; returns the first problem, or null.</summary>
    public static GatewayError? Read(string body, GatewayRoute route, out GatewayRequest? request)
    {
        request = null;
        if (JsonRequest.ParseObject(body) is not { } root)
        {
            return GatewayError.InvalidJson;
        }

        if (RequiredText(root, "model", out var modelName) is { } modelError)
        {
            return modelError;
        }

        if (GatewayModelRules.Find(modelName) is not { } model)
        {
            return GatewayError.UnknownModel(modelName);
        }

        if (RequiredText(root, "prompt", out var prompt) is { } promptError)
        {
            return promptError;
        }

        if (CheckRoute(root, route, model) is { } routeError)
        {
            return routeError;
        }

        if (ReadImages(root, route, model, out var images) is { } imageError)
        {
            return imageError;
        }

        if (ReadSize(root, model, out var size, out var exact) is { } sizeError)
        {
            return sizeError;
        }

        if (ReadCount(root, model, out var count) is { } countError)
        {
            return countError;
        }

        if (ReadSeed(root, out var seed) is { } seedError)
        {
            return seedError;
        }

        if (CheckBoolean(root["watermark"], "watermark") is { } watermarkError)
        {
            return watermarkError;
        }

        if (ReadFormat(root, out var format) is { } formatError)
        {
            return formatError;
        }

        if (ReadOptimizeOptions(root, model, out var negative) is { } optionsError)
        {
            return optionsError;
        }

        request = new GatewayRequest(
            model, PromptText.Truncate(prompt, model.Upstream.MaxPromptChars), negative, images, size, exact, count, seed, format);
        return null;
    }

    private static GatewayError? RequiredText(JsonObject root, string name, out string value)
    {
        value = string.Empty;
        if (root[name] is not { } node)
        {
            return GatewayError.Missing(name);
        }

        if (JsonFields.StringOf(node) is not { } text)
        {
            return GatewayError.Invalid(name, $"The {name} must be a string.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return GatewayError.Invalid(name, $"The {name} must not be empty.");
        }

        value = text;
        return null;
    }

    private static GatewayError? CheckRoute(JsonObject root, GatewayRoute route, GatewayModel model)
    {
        if (route == GatewayRoute.Generations)
        {
            if (root["image"] is not null)
            {
                return GatewayError.Invalid("image", $"{GatewayRoutes.Generations} takes no image; send input images to {GatewayRoutes.Edits}.");
            }

            return model.Upstream.MinImages > 0
                ? GatewayError.Invalid("model", $"The model {model.Name} edits images: use {GatewayRoutes.Edits} with image.")
                : null;
        }

        return model.Upstream.MaxImages == 0
            ? GatewayError.Invalid("model", $"The model {model.Name} does not edit images: use {GatewayRoutes.Generations}.")
            : null;
    }

    private static GatewayError? ReadImages(JsonObject root, GatewayRoute route, GatewayModel model, out IReadOnlyList<string> images)
    {
        images = [];
        if (route == GatewayRoute.Generations)
        {
            return null;
        }

        var max = Math.Min(GatewayModelRules.MaxEditImages, model.Upstream.MaxImages);
        var range = string.Create(CultureInfo.InvariantCulture, $"an array of 1 to {max} http(s) URLs or data URIs");
        if (root["image"] is not { } node)
        {
            return GatewayError.Missing("image");
        }

        if (node is not JsonArray array || array.Count < 1 || array.Count > max)
        {
            return GatewayError.Invalid("image", $"The image of the model {model.Name} must be {range}.");
        }

        var references = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (JsonFields.StringOf(array[i]) is not { } reference || !IsImageReference(reference))
            {
                return GatewayError.Invalid(
                    "image", string.Create(CultureInfo.InvariantCulture, $"image[{i}] must be an http:// or https:// URL or a data:{{mime}};base64,{{data}} URI."));
            }

            references.Add(reference);
        }

        images = references;
        return null;
    }

    // The gateway has no oss:// storage of its own to resolve, so only what it can fetch or decode itself.
    private static bool IsImageReference(string reference) =>
        reference.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
        || (Uri.TryCreate(reference, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps));

    private static GatewayError? ReadSize(JsonObject root, GatewayModel model, out ImageSize size, out bool exact)
    {
        size = model.Rule.Sizes.Default(model.Upstream);
        exact = false;
        if (root["size"] is not { } node)
        {
            return null;
        }

        if (JsonFields.StringOf(node) is not { } text || !GatewaySize.TryParse(text, out var sent))
        {
            return GatewayError.Invalid("size", "The size must be a string WxH with an x, e.g. 1328x1328.");
        }

        if (model.Rule.Sizes.Reject(sent, model.Upstream) is { } reason)
        {
            return GatewayError.Invalid("size", reason);
        }

        size = sent;
        exact = true;
        return null;
    }

    private static GatewayError? ReadCount(JsonObject root, GatewayModel model, out int count)
    {
        count = 1;
        if (root["n"] is not { } node)
        {
            return null;
        }

        if (!JsonFields.TryGetInteger(node, out var n) || n < 1 || n > model.Rule.Count.Max)
        {
            return GatewayError.Invalid("n", model.Rule.Count.Reject(model.Name));
        }

        count = (int)n;
        return null;
    }

    private static GatewayError? ReadSeed(JsonObject root, out long seed)
    {
        seed = RandomNumberGenerator.GetInt32(int.MaxValue);
        if (root["seed"] is not { } node)
        {
            return null;
        }

        // "随机数种子范围：[0,2147483647]".
        return JsonFields.TryGetInteger(node, out seed) && seed is >= 0 and <= MaxSeed
            ? null
            : GatewayError.Invalid("seed", "The seed must be an integer between 0 and 2147483647.");
    }

    private static GatewayError? CheckBoolean(JsonNode? node, string param) =>
        node is null || JsonFields.IsBoolean(node) ? null : GatewayError.Invalid(param, $"The {param} must be a boolean.");

    private static GatewayError? ReadFormat(JsonObject root, out GatewayResponseFormat format)
    {
        format = GatewayResponseFormat.Url;
        if (root["response_format"] is not { } node)
        {
            return null;
        }

        switch (JsonFields.StringOf(node))
        {
            case "url":
                return null;
            case "b64_json":
                format = GatewayResponseFormat.Base64Json;
                return null;
            default:
                return GatewayError.Invalid("response_format", "The response_format must be \"url\" or \"b64_json\".");
        }
    }

    private static GatewayError? ReadOptimizeOptions(JsonObject root, GatewayModel model, out string? negative)
    {
        negative = null;
        const string Options = "optimize_prompt_options";
        if (root[Options] is not { } node)
        {
            return null;
        }

        if (node is not JsonObject options)
        {
            return GatewayError.Invalid(Options, $"The {Options} must be an object {{enable, negative_prompt}}.");
        }

        if (options["enable"] is { } enable)
        {
            // Forwarded as prompt_extend, which qwen-image-edit refuses on DashScope (API doc §5.2).
            if (model.Upstream.UnsupportedParameters.Contains("prompt_extend"))
            {
                return GatewayError.Invalid($"{Options}.enable", $"The model {model.Name} does not support prompt optimization ({Options}.enable).");
            }

            if (CheckBoolean(enable, $"{Options}.enable") is { } error)
            {
                return error;
            }
        }

        if (options["negative_prompt"] is { } negativeNode)
        {
            if (JsonFields.StringOf(negativeNode) is not { } text)
            {
                return GatewayError.Invalid($"{Options}.negative_prompt", $"The {Options}.negative_prompt must be a string.");
            }

            // Characters as the service counts them (API doc §5): one per code point, not per UTF-16 unit.
            if (text.EnumerateRunes().Count() > GatewayModelRules.MaxNegativePromptChars)
            {
                return GatewayError.Invalid(
                    $"{Options}.negative_prompt",
                    string.Create(CultureInfo.InvariantCulture, $"The {Options}.negative_prompt must be at most {GatewayModelRules.MaxNegativePromptChars} characters."));
            }

            negative = text;
        }

        return null;
    }
}
