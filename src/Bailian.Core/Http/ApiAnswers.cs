using System.Text.Json;
using Bailian.Connection;
using Bailian.Json;

namespace Bailian.Http;

/// <summary>
/// How one protocol's answers read, as far as the transport needs: the request id for the log, and an
/// error answer as the exception the call throws. Part of the protocol seam (<see cref="Client.IImageApi"/>):
/// a second protocol sets its own on its <see cref="ApiCall"/>s.
/// </summary>
public interface IApiAnswers
{
    /// <summary>The protocol these answers belong to, for messages that must say who may have billed a call.</summary>
    ConnectionProtocol Protocol { get; }

    /// <summary>The request id in an answer's body, or null (the body may be anything, even not JSON).</summary>
    string? RequestId(string body);

    /// <summary>
    /// The exception for a non-success answer. It must say whether trying again can help (IsTransient), carry the
    /// server's Retry-After, and use an id from <see cref="ErrorIds"/>: <see cref="ErrorIds.Throttled"/> for a
    /// refusal to be retried later (429), <see cref="ErrorIds.ServerError"/> for 5xx, and the API's own cases.
    /// </summary>
    BailianException ErrorFrom(HttpResponseMessage response, string body, ApiCall request);
}

/// <summary>DashScope's answer envelope: <c>{request_id, code, message, output, usage}</c> (API doc §7.2).</summary>
public sealed class DashScopeAnswers : IApiAnswers
{
    public static readonly DashScopeAnswers Instance = new();

    private DashScopeAnswers()
    {
    }

    public ConnectionProtocol Protocol => ConnectionProtocol.DashScope;

    public string? RequestId(string body) => TryParseEnvelope(body)?.RequestId;

    public BailianException ErrorFrom(HttpResponseMessage response, string body, ApiCall request) => ErrorFrom(response, TryParseEnvelope(body), body, request);

    /// <summary>The Retry-After header as a wait, in either of its forms (seconds or a date).</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => (TimeSpan?)null,
    };

    private static DashScopeResponse? TryParseEnvelope(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, DashScopeJsonContext.Default.DashScopeResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DashScopeException ErrorFrom(HttpResponseMessage response, DashScopeResponse? envelope, string body, ApiCall call)
    {
        var retryAfter = RetryAfterOf(response);
        var message = envelope?.Message ?? (body.Length > 300 ? body.Substring(0, 300) + "..." : body);
        var hint = envelope?.Code == "InvalidApiKey" ? RegionHint(call.Connection.Endpoint) : null;
        return new DashScopeException(response.StatusCode, envelope?.Code, message, envelope?.RequestId, retryAfter, hint);
    }

    private static string RegionHint(DashScopeEndpoint endpoint) =>
        $"DashScope keys belong to one region, and this request went to {endpoint.Region?.DisplayName ?? "a custom endpoint"} " +
        $"({endpoint.BaseUrl}); a key from another region fails with exactly this error. Check -Region and the key.";
}
