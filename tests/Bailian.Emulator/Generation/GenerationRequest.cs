using System.Globalization;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Bailian.Emulator.Inputs;

namespace Bailian.Emulator.Generation;

/// <summary>A validated new-protocol generation request (API doc §2.1, §3.3), with every default applied.</summary>
/// <param name="Model">The model's rules.</param>
/// <param name="Prompt">The text item, truncated to the model's limit.</param>
/// <param name="NegativePrompt">The negative prompt, truncated likewise; null when absent.</param>
/// <param name="Images">The input image references, in order.</param>
/// <param name="Size">The output size.</param>
/// <param name="Count">How many images to make.</param>
/// <param name="Seed">The seed sent, or a random one.</param>
/// <param name="PromptExtend">Whether the service rewrites the prompt.</param>
internal sealed record GenerationRequest(
    ModelRule Model,
    string Prompt,
    string? NegativePrompt,
    IReadOnlyList<string> Images,
    ImageSize Size,
    int Count,
    long Seed,
    bool PromptExtend)
{
    /// <summary>Whether <see cref="Size"/> was sent as <c>W*H</c>, which input images do not reshape.</summary>
    public bool SizeIsExact { get; init; }

    /// <summary>The model-specific parameters sent (interleaved mode, sequential output, ...).</summary>
    public OptionValues Options { get; init; } = OptionValues.None;

    /// <summary>The <see cref="Inputs.InputFingerprint"/> of the input images once read; 0 without images.</summary>
    public ulong InputHash { get; init; }

    /// <summary>Checks <paramref name="body"/> for the sync endpoint; see the other overload.</summary>
    public static ApiError? Read(string body, string regionId, out GenerationRequest? request) =>
        Read(body, regionId, ModelRules.Resolve, out request);

    /// <summary>
    /// Checks <paramref name="body"/>, step by step in a fixed order; returns the first problem found, or null. The
    /// image references are only counted here; <see cref="GenerationInputs"/> reads them.
    /// </summary>
    /// <param name="body">The request body.</param>
    /// <param name="regionId">The region addressed, for model availability.</param>
    /// <param name="resolve">The endpoint's model lookup.</param>
    /// <param name="request">The request when there is no error.</param>
    public static ApiError? Read(string body, string regionId, ModelResolver resolve, out GenerationRequest? request)
    {
        request = null;
        if (JsonRequest.ParseObject(body) is not { } root)
        {
            return ApiError.InvalidBody;
        }

        if (JsonFields.StringOf(root["model"]) is not { Length: > 0 } modelName)
        {
            return ApiError.EmptyModel;
        }

        if (resolve(modelName, regionId, out var modelError) is not { } model)
        {
            return modelError;
        }

        if (root["input"] is not JsonObject input)
        {
            return ApiError.EmptyInput;
        }

        if (ReadContent(input, out var prompt, out var images) is { } contentError)
        {
            return contentError;
        }

        if (GenerationParameters.Read(root["parameters"], model, out var parameters) is { } parameterError)
        {
            return parameterError;
        }

        var (minImages, maxImages) = parameters.Options.ImageRange(model);
        if (images.Count < minImages || images.Count > maxImages)
        {
            return ApiError.InvalidParameter(maxImages == 0
                ? $"The model {model.Name} does not accept input images."
                : string.Create(CultureInfo.InvariantCulture, $"The model {model.Name} takes {minImages} to {maxImages} input images."));
        }

        if (parameters.Options.CheckImages(model, images.Count) is { } optionError)
        {
            return optionError;
        }

        request = new GenerationRequest(
            model,
            PromptText.Truncate(prompt, model.MaxPromptChars),
            parameters.NegativePrompt is { } negative ? PromptText.Truncate(negative, model.MaxNegativePromptChars) : null,
            images,
            parameters.Size,
            parameters.Count,
            parameters.Seed,
            parameters.PromptExtend)
        {
            SizeIsExact = parameters.SizeIsExact,
            Options = parameters.Options,
        };
        return null;
    }

    private static ApiError? ReadContent(JsonObject input, out string prompt, out List<string> images)
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

        if (messages[0] is not JsonObject message || JsonFields.StringOf(message["role"]) != "user")
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
                if (JsonFields.StringOf(text) is not { } value)
                {
                    return ApiError.InvalidParameter("The text of a content item must be a string.");
                }

                texts.Add(value);
            }
            else if (JsonFields.StringOf(image) is not { } reference)
            {
                return InputErrors.NotAUrl;
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
        return null;
    }
}
