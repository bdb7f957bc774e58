using System.Net;
using Bailian.Http;

namespace Bailian.Client.OpenAi;

/// <summary>
/// An OpenAI-style gateway answered with an error, in either shape (<see cref="OpenAiAnswers"/>): HTTP status, the
/// gateway's code and type as sent, and the error id and retry rules DashScope's equivalent has
/// (<see cref="DashScopeCode"/> is what the id was chosen by), so batches retry and stop on a gateway as on DashScope.
/// </summary>
public sealed class GatewayException : BailianException
{
    private readonly TimeSpan? _retryAfter;

    internal GatewayException(HttpStatusCode status, string? code, string? type, string dashScopeCode, string message, string? requestId,
        TimeSpan? retryAfter)
        : base(Equivalent(status, dashScopeCode).ErrorId, Equivalent(status, dashScopeCode).Category, message)
    {
        StatusCode = status;
        Code = code;
        Type = type;
        DashScopeCode = dashScopeCode;
        RequestId = requestId;
        _retryAfter = retryAfter;
        IsRetryable = DashScopeException.Retryable(status, dashScopeCode);
    }

    public HttpStatusCode StatusCode { get; }
    /// <summary>The gateway's code as sent: <c>invalid_value</c>, <c>rate_limit_exceeded</c>, or a DashScope code from a pass-through gateway.</summary>
    public string? Code { get; }
    /// <summary>OpenAI's error type (<c>invalid_request_error</c>, <c>rate_limit_error</c>, …); null in DashScope's shape.</summary>
    public string? Type { get; }
    /// <summary>The DashScope code the answer stands for, which chose the error id (<c>Throttling.RateQuota</c> for <c>rate_limit_exceeded</c>).</summary>
    public string DashScopeCode { get; }
    /// <summary>The request id, when the answer has one in its body (DashScope's shape).</summary>
    public string? RequestId { get; }
    public bool IsRetryable { get; }

    public override TimeSpan? RetryAfter => _retryAfter;
    public override bool IsTransient => IsRetryable;

    // The same id and category a DashScope answer of that status and code gets: one table, not two.
    private static DashScopeException Equivalent(HttpStatusCode status, string dashScopeCode) => new DashScopeException(status, dashScopeCode, null, null);
}
