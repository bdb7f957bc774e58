namespace Bailian.Emulator;

/// <summary>One request as the emulator saw it.</summary>
/// <param name="ReceivedAt">When it arrived, by the emulator's <see cref="EmulatorOptions.TimeProvider"/>.</param>
/// <param name="Kind"><c>"api"</c>, <c>"download"</c>, <c>"upload"</c> (the form upload of API doc §6.1) or <c>"control"</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path as sent, region prefix included.</param>
/// <param name="Query">The query string without the leading <c>?</c>; empty when there is none.</param>
/// <param name="Region">The region the path addresses (<c>cn-beijing</c> for a bare <c>/api/v1</c>); null outside the API.</param>
/// <param name="Headers">The request headers; an Authorization value is always recorded as <c>Bearer ***</c>, never the key.</param>
/// <param name="Body">
/// The request body as UTF-8 text; for an upload, a JSON array of its form fields in order, the file shown only by
/// <c>name</c>, <c>fileName</c>, <c>contentType</c> and <c>length</c>.
/// </param>
/// <param name="StatusCode">The status answered; 0 when the connection was dropped or nothing has been answered yet.</param>
public sealed record RecordedRequest(
    DateTimeOffset ReceivedAt,
    string Kind,
    string Method,
    string Path,
    string Query,
    string? Region,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int StatusCode);
