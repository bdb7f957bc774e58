namespace Bailian.Emulator.Api;

/// <summary>What the API gate established about a request, kept as an HttpContext feature for the endpoints.</summary>
/// <param name="Region">The region the path addresses.</param>
/// <param name="RequestId">This call's request id, sent in the body and as <c>X-Request-Id</c>.</param>
internal sealed record ApiCallContext(Region Region, string RequestId);
