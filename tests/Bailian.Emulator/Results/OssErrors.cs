using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace Bailian.Emulator.Results;

/// <summary>Writes the XML error bodies OSS answers downloads with, e.g. for an expired signed URL.</summary>
internal static class OssErrors
{
    public const string ContentType = "application/xml";
    public const string RequestIdHeader = "x-oss-request-id";

    // Matches FaultErrorWriter, so queued download faults look like OSS's own errors.
    public static Task WriteAsync(HttpContext context, int status, string code, string message) =>
        WriteAsync(context, status, code, message, []);

    /// <summary>Writes <c>&lt;Error&gt;</c> with Code, Message, RequestId, HostId, then <paramref name="details"/> in order.</summary>
    public static Task WriteAsync(HttpContext context, int status, string code, string message, IEnumerable<KeyValuePair<string, string>> details)
    {
        // OSS request ids are 24 upper-case hex digits.
        var requestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
        Append(xml, "Code", code);
        Append(xml, "Message", message);
        Append(xml, "RequestId", requestId);
        Append(xml, "HostId", context.Request.Host.Value ?? string.Empty);
        foreach (var (name, value) in details)
        {
            Append(xml, name, value);
        }

        xml.Append("</Error>\n");
        var bytes = Encoding.UTF8.GetBytes(xml.ToString());
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = bytes.Length;
        response.Headers[RequestIdHeader] = requestId;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static void Append(StringBuilder xml, string name, string value) =>
        xml.Append('<').Append(name).Append('>').Append(SecurityElement.Escape(value)).Append("</").Append(name).Append('>');
}
