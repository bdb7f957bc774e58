using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Generation;

/// <summary>A validated sync generation request (API doc §2.1), with every default applied.</summary>
/// <param name="Model">The model's rules.</param>
/// <param name="Prompt">The text item, truncated to the model's limit.</param>
/// <param name="NegativePrompt">The negative prompt, truncated likewise; null when absent.</param>
/// <param name="Images">The input image references, in order.</param>
/// <param name="Size">The output size.</param>
/// <param name="Count">How many images to make.</param>
/// <param name="Seed">The seed sent, or a random one.</param>
internal sealed record GenerationRequest(
    ModelRule Model,
    string Prompt,
    string? NegativePrompt,
    IReadOnlyList<string> Images,
    ImageSize Size,
    int Count,
    long Seed)
{
    public const long MaxSeed = int.MaxValue;

    /// <summary>Checks <paramref name="body"/>, step by step in a fixed order; returns the first problem found, or null.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="regionId">The region addressed, for model availability.</param>
    /// <param name="ossResolve">Whether <c>X-DashScope-OssResourceResolve: enable</c> was sent (needed for <c>oss://</c> inputs).</param>
    /// <param name="request">The request when there is no error.</param>
    public static ApiError? Read(string body, string regionId, bool ossResolve, out GenerationRequest? request)
    {
        request = null;
        if (JsonRequest.ParseObject(body) is not { } root)
        {
            return ApiError.InvalidBody;
        }

        if (root["model"] is not JsonValue modelNode || modelNode.GetValueKind() != JsonValueKind.String
            || modelNode.GetValue<string>() is not { Length: > 0 } modelName)
        {
            return ApiError.EmptyModel;
        }

        if (ModelRules.Find(modelName, regionId) is not { } model)
        {
            return ApiError.ModelNotFound;
        }

        if (root["input"] is not JsonObject input)
        {
            return ApiError.EmptyInput;
        }

        if (ReadContent(input, model, ossResolve, out var prompt, out var images) is { } contentError)
        {
            return contentError;
        }

        if (ReadParameters(root["parameters"], model, out var parameters) is { } parameterError)
        {
            return parameterError;
        }

        request = new GenerationRequest(
            model,
            Truncate(prompt, model.MaxPromptChars),
            parameters.NegativePrompt is { } negative ? Truncate(negative, model.MaxNegativePromptChars) : null,
            images,
            parameters.Size,
            parameters.Count,
            parameters.Seed);
        return null;
    }

    private static ApiError? ReadContent(JsonObject input, ModelRule model, bool ossResolve, out string prompt, out List<string> images)
    {
        prompt = string.Empty;
        images = [];
        if (input["messages"] is not JsonArray messages)
        {
            return ApiError.InvalidParameter("The input.messages field is required and must be an array.");
        }

        if (messages.Count != 1)
        {
            return ApiError.InvalidParameter("The input.messages array must contain exactly one message.");
        }

        if (messages[0] is not JsonObject message || StringOf(message["role"]) != "user")
        {
            return ApiError.InvalidParameter("The role of the message must be user.");
        }

        if (message["content"] is not JsonArray content || content.Count == 0)
        {
            return ApiError.InvalidParameter("The message content must be a non-empty array.");
        }

        var texts = new List<string>();
        foreach (var item in content)
        {
            var text = item is JsonObject o ? o["text"] : null;
            var image = item is JsonObject p ? p["image"] : null;
            if ((text is null) == (image is null))
            {
                return ApiError.InvalidParameter("Each content item must have exactly one of text or image.");
            }

            if (text is not null)
            {
                if (StringOf(text) is not { } value)
                {
                    return ApiError.InvalidParameter("The text of a content item must be a string.");
                }

                texts.Add(value);
            }
            else if (StringOf(image) is not { } reference || !IsImageReference(reference))
            {
                return ApiError.InvalidParameter("The provided URL does not appear to be valid.");
            }
            else if (reference.StartsWith("oss://", StringComparison.Ordinal) && !ossResolve)
            {
                return ApiError.InvalidParameter("The oss:// input needs the header X-DashScope-OssResourceResolve: enable.");
            }
            else
            {
                images.Add(reference);
            }
        }

        // API doc §2.1: "exactly one text item; zero or several -> error".
        if (texts.Count != 1)
        {
            return ApiError.InvalidParameter("The message content must contain exactly one text item.");
        }

        if (string.IsNullOrWhiteSpace(texts[0]))
        {
            return ApiError.InvalidParameter("The text of the message must not be empty.");
        }

        prompt = texts[0];
        if (images.Count < model.MinImages || images.Count > model.MaxImages)
        {
            return ApiError.InvalidParameter(model.MaxImages == 0
                ? $"The model {model.Name} does not accept input images."
                : string.Create(CultureInfo.InvariantCulture, $"The model {model.Name} takes {model.MinImages} to {model.MaxImages} input images."));
        }

        return null;
    }

    private static ApiError? ReadParameters(JsonNode? node, ModelRule model, out Parameters parameters)
    {
        parameters = new Parameters(model.Size.Default, model.Count.Default, RandomNumberGenerator.GetInt32(int.MaxValue), null);
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject values)
        {
            return ApiError.InvalidParameter("The parameters field must be an object.");
        }

        var size = model.Size.Default;
        if (values["size"] is { } sizeNode)
        {
            if (StringOf(sizeNode) is not { } text
                || !(model.Size.TryResolveName(text, out size) || ImageSize.TryParse(text, out size)))
            {
                return ApiError.InvalidParameter("The size must be a string W*H with positive integers, e.g. 1328*1328.");
            }

            if (model.Size.Reject(size) is { } sizeError)
            {
                return ApiError.InvalidParameter(sizeError);
            }
        }

        var count = model.Count.Default;
        if (values["n"] is { } countNode)
        {
            if (!TryGetInteger(countNode, out var n))
            {
                return ApiError.InvalidParameter("The parameter n must be an integer.");
            }

            if (n < model.Count.Min || n > model.Count.Max)
            {
                return ApiError.InvalidParameter(model.Count.Reject);
            }

            count = (int)n;
        }

        var seed = parameters.Seed;
        if (values["seed"] is { } seedNode)
        {
            if (!TryGetInteger(seedNode, out seed) || seed < 0 || seed > MaxSeed)
            {
                return ApiError.InvalidParameter("The parameter seed must be an integer between 0 and 2147483647.");
            }
        }

        string? negative = null;
        if (values["negative_prompt"] is { } negativeNode && (negative = StringOf(negativeNode)) is null)
        {
            return ApiError.InvalidParameter("The parameter negative_prompt must be a string.");
        }

        foreach (var flag in (string[])["prompt_extend", "watermark"])
        {
            if (values[flag] is { } flagNode && flagNode.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                return ApiError.InvalidParameter($"The parameter {flag} must be a boolean.");
            }
        }

        parameters = new Parameters(size, count, seed, negative);
        return null;
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    // JSON numbers only, and whole ones: "2", 2.5 and true are not counts or seeds.
    private static bool TryGetInteger(JsonNode node, out long value)
    {
        value = 0;
        return node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue(out value);
    }

    private static bool IsImageReference(string value) =>
        (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        || value.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("oss://", StringComparison.Ordinal);

    // Each character counts once, whatever its UTF-16 length (API doc §5); a surrogate pair is never split.
    private static string Truncate(string text, int maxChars)
    {
        var kept = 0;
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (kept == maxChars)
            {
                return text[..length];
            }

            kept++;
            length += rune.Utf16SequenceLength;
        }

        return text;
    }

    private readonly record struct Parameters(ImageSize Size, int Count, long Seed, string? NegativePrompt);
}
