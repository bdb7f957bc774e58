using System.Collections.Frozen;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Gateway;

/// <summary>
/// An error answer of the gateway, with both names of its code: the OpenAI shape's <c>type</c>/<c>code</c>/<c>param</c>
/// and the DashScope shape's <c>code</c> (<see cref="GatewayErrorShape"/> picks which body is written; the status and
/// message are the same in both). See Gateway/README.md for the table.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Type">OpenAI <c>error.type</c>: <c>invalid_request_error</c>, <c>authentication_error</c>, <c>rate_limit_error</c>, <c>server_error</c>...</param>
/// <param name="Code">OpenAI <c>error.code</c>, e.g. <c>invalid_value</c>.</param>
/// <param name="DashScopeCode">DashScope's <c>code</c> for the same failure (API doc §7.2), e.g. <c>InvalidParameter</c>.</param>
/// <param name="Message">The message, in both shapes.</param>
/// <param name="Param">OpenAI <c>error.param</c>: the request field at fault (dotted for nested ones), or null.</param>
internal sealed record GatewayError(int Status, string Type, string Code, string DashScopeCode, string Message, string? Param = null)
{
    public const string InvalidRequest = "invalid_request_error";

    // DashScope codes a queued fault may carry, and what an OpenAI-style gateway calls them; others pass unchanged.
    private static readonly FrozenDictionary<string, string> OpenAICodes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Throttling"] = "rate_limit_exceeded",
        ["Throttling.RateQuota"] = "rate_limit_exceeded",
        ["LimitRequests"] = "rate_limit_exceeded",
        ["Throttling.AllocationQuota"] = "insufficient_quota",
        ["InternalError"] = "internal_error",
        ["InternalError.Algo"] = "internal_error",
        ["SystemError"] = "internal_error",
        ["ModelUnavailable"] = "service_unavailable",
        ["InvalidApiKey"] = "invalid_api_key",
        ["InvalidParameter"] = "invalid_value",
        ["ModelNotFound"] = "model_not_found",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly GatewayError InvalidJson = new(
        StatusCodes.Status400BadRequest, InvalidRequest, "invalid_json", "InvalidParameter",
        "We could not parse the JSON body of your request: it must be one JSON object (the gateway takes application/json, not multipart).");

    public static readonly GatewayError NoApiKey = new(
        StatusCodes.Status401Unauthorized, "authentication_error", "invalid_api_key", "InvalidApiKey",
        "You didn't provide an API key. Send it as Authorization: Bearer <key>.");

    public static readonly GatewayError InvalidApiKey = new(
        StatusCodes.Status401Unauthorized, "authentication_error", "invalid_api_key", "InvalidApiKey",
        "Incorrect API key provided.");

    /// <summary>What the per-model limits answer, in DashScope's wording (a gateway relays the upstream throttling).</summary>
    public static readonly GatewayError RateLimited = FromStatus(
        ApiError.RateQuota.Status, ApiError.RateQuota.Code, ApiError.RateQuota.Message);

    public static GatewayError Missing(string param) => new(
        StatusCodes.Status400BadRequest, InvalidRequest, "missing_required_parameter",
        param == "model" ? "BadRequest.EmptyModel" : "InvalidParameter",
        $"Missing required parameter: '{param}'.", param);

    public static GatewayError Invalid(string param, string message) => new(
        StatusCodes.Status400BadRequest, InvalidRequest, "invalid_value", "InvalidParameter", message, param);

    public static GatewayError UnknownModel(string model) => new(
        StatusCodes.Status400BadRequest, InvalidRequest, "model_not_found", "ModelNotFound",
        $"The model '{model}' does not exist or is not served by this gateway.", "model");

    /// <summary>An input image the model's DashScope rule refused (API doc §6): its status, code and message, relayed.</summary>
    public static GatewayError FromImage(ApiError error) => new(
        error.Status, InvalidRequest, error.Code == "InvalidURL" ? "invalid_image_url" : "invalid_image", error.Code, error.Message, "image");

    public static GatewayError UnknownRoute(string method, string path) => new(
        StatusCodes.Status404NotFound, InvalidRequest, "unknown_url", "NotFound",
        $"Invalid URL ({method} {path}). The gateway serves POST /gateway/v1/images/generations and POST /gateway/v1/images/edits.");

    /// <summary>A status fault or an upstream error: the type follows the status, the code is translated when known.</summary>
    public static GatewayError FromStatus(int status, string dashScopeCode, string message) =>
        new(status, TypeOf(status), OpenAICodes.GetValueOrDefault(dashScopeCode, dashScopeCode), dashScopeCode, message);

    private static string TypeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        >= 500 => "server_error",
        _ => InvalidRequest,
    };
}
