using System.Text.Json;
using Bailian.Connection;
using Bailian.Http;

namespace Bailian.Client.OpenAi;

/// <summary>
/// How an OpenAI-style gateway's answers read (tests/Bailian.Emulator/Gateway/README.md, "Errors"): errors come as
/// OpenAI's <c>{error: {message, type, param, code}}</c>, or, from gateways that pass DashScope's answers through, as
/// DashScope's <c>{request_id, code, message}</c>. Both become a <see cref="GatewayException"/> whose id is that of the
/// DashScope code they stand for: 429 <see cref="ErrorIds.Throttled"/> (transient, with Retry-After), 5xx
/// <see cref="ErrorIds.ServerError"/> (transient), 401 <see cref="ErrorIds.InvalidApiKey"/>, 400
/// <see cref="ErrorIds.InvalidParameter"/> or <see cref="ErrorIds.ModelNotFound"/>, and so on.
/// </summary>
public sealed class OpenAiAnswers : IApiAnswers
{
    public static readonly OpenAiAnswers Instance = new();

    private OpenAiAnswers()
    {
    }

    public ConnectionProtocol Protocol => ConnectionProtocol.OpenAI;

    /// <summary>Only DashScope's shape names the request in the body; the gateway's success answers do not.</summary>
    public string? RequestId(string body) => TryParse(body)?.RequestId;

    public BailianException ErrorFrom(HttpResponseMessage response, string body, ApiCall request)
    {
        var envelope = TryParse(body);
        var status = (int)response.StatusCode;
        var code = envelope?.Error?.Code ?? envelope?.Code;
        var type = envelope?.Error?.Type;
        var apiMessage = envelope?.Error?.Message ?? envelope?.Message ?? (body.Length > 300 ? body.Substring(0, 300) + "..." : body);
        // Some gateways quote the key they were given ("Incorrect API key provided: sk-abc..."): never pass it on.
        apiMessage = KeyMask.Mask("message", apiMessage) as string ?? "";
        var dashScopeCode = DashScopeCodeOf(status, code, type);
        var message = $"The gateway answered {status} {code ?? response.StatusCode.ToString()}: {(apiMessage.Length == 0 ? "(no message)" : apiMessage)}" +
                      (envelope?.Error?.Param is { } param ? $" (param {param})" : "") +
                      (envelope?.RequestId is { } id ? $" (request id {id})" : "") +
                      (dashScopeCode == "InvalidApiKey" ? KeyHint(request.Connection.Endpoint) : "") +
                      (status == 404 ? BaseHint(request.Connection.Endpoint) : "");
        return new GatewayException(response.StatusCode, code, type, dashScopeCode, message, envelope?.RequestId,
            DashScopeAnswers.RetryAfterOf(response));
    }

    /// <summary>
    /// The DashScope code an answer stands for. A DashScope code (pass-through gateways, or a fault the gateway kept) is
    /// itself; OpenAI's codes are translated; otherwise the status decides (any 429 is a rate limit, any 5xx the server's).
    /// </summary>
    internal static string DashScopeCodeOf(int status, string? code, string? type) => code switch
    {
        "invalid_api_key" => "InvalidApiKey",
        "rate_limit_exceeded" => "Throttling.RateQuota",
        "insufficient_quota" => "Throttling.AllocationQuota",
        "model_not_found" => "ModelNotFound",
        "invalid_value" or "invalid_json" or "missing_required_parameter" or "invalid_image" or "invalid_image_url" => "InvalidParameter",
        "content_policy_violation" or "content_filter" => "DataInspectionFailed",
        "internal_error" => "InternalError",
        "service_unavailable" => "ModelUnavailable",
        // DashScope's own codes are capitalised (InvalidParameter, Throttling.RateQuota, DataInspectionFailed).
        { Length: > 0 } when char.IsUpper(code[0]) => code,
        _ when status == 401 || type == "authentication_error" => "InvalidApiKey",
        _ when status == 429 => "Throttling.RateQuota",
        _ when status >= 500 => "InternalError",
        _ when status == 400 => "InvalidParameter",
        _ => code ?? "",
    };

    private static string KeyHint(DashScopeEndpoint endpoint) =>
        $" The key sent to {endpoint.BaseUrl} was -ApiKey or Connect-Bailian -Protocol OpenAI's: a gateway's key is its own " +
        "(a DashScope key is not valid there, and $env:DASHSCOPE_API_KEY is never sent to a gateway).";

    // A 404 is almost always a base URL one level off: the routes are appended to -Endpoint as given.
    private static string BaseHint(DashScopeEndpoint endpoint) =>
        $" -Endpoint must be the gateway's base, to which images/generations and images/edits are added: {endpoint.BaseUrl} " +
        "(for most gateways it ends in /v1).";

    private static OpenAiErrorEnvelope? TryParse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, OpenAiJsonContext.Default.OpenAiErrorEnvelope);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
