using System.Text.Json.Serialization;

namespace Bailian.Client.OpenAi;

// The gateway's wire format (seed 002; tests/Bailian.Emulator/Gateway/README.md). Null members are not sent: the
// gateway's defaults apply to what the user did not give, as DashScope's do.

/// <summary>The JSON body of POST {base}/images/generations and {base}/images/edits.</summary>
internal sealed class OpenAiImageRequest
{
    public string Prompt { get; set; } = "";
    public string Model { get; set; } = "";
    /// <summary>Edits only: URLs or data URIs, in order.</summary>
    public List<string>? Image { get; set; }
    /// <summary>WxH with a lowercase x (the gateway refuses 1328*1328).</summary>
    public string? Size { get; set; }
    public int? N { get; set; }
    public long? Seed { get; set; }
    public bool? Watermark { get; set; }
    /// <summary>url or b64_json.</summary>
    public string? ResponseFormat { get; set; }
    public OptimizePromptOptions? OptimizePromptOptions { get; set; }
}

/// <summary>DashScope's prompt_extend and negative_prompt, as the gateway takes them.</summary>
internal sealed class OptimizePromptOptions
{
    public bool? Enable { get; set; }
    public string? NegativePrompt { get; set; }
}

/// <summary>A success: <c>{created, data: [{url} | {b64_json}], usage}</c>.</summary>
internal sealed class OpenAiImagesResponse
{
    public long? Created { get; set; }
    public List<OpenAiImageData>? Data { get; set; }
}

internal sealed class OpenAiImageData
{
    public string? Url { get; set; }
    public string? B64Json { get; set; }
    /// <summary>Sent by some gateways when they rewrote the prompt.</summary>
    public string? RevisedPrompt { get; set; }
}

/// <summary>An error in either shape: OpenAI's <c>{error: {message, type, param, code}}</c> or DashScope's <c>{request_id, code, message}</c>.</summary>
internal sealed class OpenAiErrorEnvelope
{
    public OpenAiError? Error { get; set; }
    public string? Code { get; set; }
    public string? Message { get; set; }
    public string? RequestId { get; set; }
}

internal sealed class OpenAiError
{
    public string? Message { get; set; }
    public string? Type { get; set; }
    public string? Param { get; set; }
    /// <summary>A string on every gateway seen; read as text whatever it is.</summary>
    [JsonConverter(typeof(AnyAsStringConverter))]
    public string? Code { get; set; }
}

/// <summary>Reads a JSON value of any kind as its text (a number code as "429"), so an odd error never hides the status.</summary>
internal sealed class AnyAsStringConverter : JsonConverter<string?>
{
    public override string? Read(ref System.Text.Json.Utf8JsonReader reader, System.Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        using var document = System.Text.Json.JsonDocument.ParseValue(ref reader);
        return document.RootElement.ValueKind switch
        {
            System.Text.Json.JsonValueKind.String => document.RootElement.GetString(),
            System.Text.Json.JsonValueKind.Null => null,
            _ => document.RootElement.GetRawText(),
        };
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, string? value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenAiImageRequest))]
[JsonSerializable(typeof(OpenAiImagesResponse))]
[JsonSerializable(typeof(OpenAiErrorEnvelope))]
internal sealed partial class OpenAiJsonContext : JsonSerializerContext;
