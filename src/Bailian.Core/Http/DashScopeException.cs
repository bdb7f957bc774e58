using System.Net;

namespace Bailian.Http;

/// <summary>
/// DashScope answered with an error: HTTP status, DashScope code, message and request id, and
/// whether trying again can help (API doc §7.2).
/// </summary>
public sealed class DashScopeException : BailianException
{
    // 429 codes that waiting does not cure: quota used up, or a billing problem.
    private static readonly string[] PermanentThrottleCodes =
        ["Throttling.AllocationQuota", "PrepaidBillOverdue", "PostpaidBillOverdue", "CommodityNotPurchased", "Arrearage"];

    public DashScopeException(HttpStatusCode status, string? code, string? apiMessage, string? requestId, TimeSpan? retryAfter = null, string? hint = null)
        : base(ErrorIdFor(status, code), CategoryFor(status, code), Describe(status, code, apiMessage, requestId, hint))
    {
        StatusCode = status;
        Code = code;
        ApiMessage = apiMessage;
        RequestId = requestId;
        _retryAfter = retryAfter;
        IsRetryable = Retryable(status, code);
    }

    public HttpStatusCode StatusCode { get; }
    /// <summary>DashScope's code, e.g. <c>InvalidParameter</c> or <c>Throttling.RateQuota</c>.</summary>
    public string? Code { get; }
    /// <summary>DashScope's own message text.</summary>
    public string? ApiMessage { get; }
    public string? RequestId { get; }
    private readonly TimeSpan? _retryAfter;

    public override TimeSpan? RetryAfter => _retryAfter;
    public bool IsRetryable { get; }
    public override bool IsTransient => IsRetryable;

    public static bool Retryable(HttpStatusCode status, string? code) => (int)status switch
    {
        429 => !PermanentThrottleCodes.Contains(code, StringComparer.OrdinalIgnoreCase),
        408 or 500 or 502 or 503 or 504 => true,
        _ => false,
    };

    private static string ErrorIdFor(HttpStatusCode status, string? code) => (code ?? "") switch
    {
        "InvalidApiKey" => ErrorIds.InvalidApiKey,
        "DataInspectionFailed" or "IPInfringementSuspect" => ErrorIds.ContentFiltered,
        "ModelNotFound" => ErrorIds.ModelNotFound,
        "InvalidParameter" => ErrorIds.InvalidParameter,
        "UnsupportedOperation" => ErrorIds.UnsupportedOperation,
        _ when PermanentThrottleCodes.Contains(code, StringComparer.OrdinalIgnoreCase) => ErrorIds.QuotaOrBilling,
        _ when status == (HttpStatusCode)429 => ErrorIds.Throttled,
        _ when status == HttpStatusCode.Forbidden => ErrorIds.AccessDenied,
        _ when (int)status >= 500 => ErrorIds.ServerError,
        _ => ErrorIds.ApiError,
    };

    private static BailianErrorCategory CategoryFor(HttpStatusCode status, string? code) => (int)status switch
    {
        401 => BailianErrorCategory.AuthenticationError,
        403 => BailianErrorCategory.PermissionDenied,
        404 => BailianErrorCategory.ObjectNotFound,
        408 or 504 => BailianErrorCategory.OperationTimeout,
        429 => PermanentThrottleCodes.Contains(code, StringComparer.OrdinalIgnoreCase)
            ? BailianErrorCategory.QuotaExceeded
            : BailianErrorCategory.LimitsExceeded,
        >= 500 => BailianErrorCategory.ResourceUnavailable,
        _ => BailianErrorCategory.InvalidArgument,
    };

    private static string Describe(HttpStatusCode status, string? code, string? message, string? requestId, string? hint)
    {
        var text = $"DashScope answered {(int)status} {code ?? status.ToString()}: {message ?? "(no message)"}";
        text += requestId is null ? "" : $" (request id {requestId})";
        return hint is null ? text : $"{text} {hint}";
    }
}
