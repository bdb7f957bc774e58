using System.Text.Json;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Uploads;

/// <summary>
/// What the request log keeps of a form upload instead of its body: every field in order, and of the file only its
/// name, type and length. The log is shown to people and scripts; file bytes have no place in it.
/// </summary>
internal static class UploadLogBody
{
    public static async Task<string> DescribeAsync(HttpRequest request, long? limit, CancellationToken cancellationToken)
    {
        if (UploadBodyLimit.IsPast(request, limit))
        {
            return $"(a body of {request.ContentLength} bytes, past the server's limit of {limit}: not read)";
        }

        var parts = await MultipartForm.ReadAsync(request, keepFiles: false, cancellationToken).ConfigureAwait(false);
        if (parts is null)
        {
            return $"(not multipart/form-data: {request.ContentLength ?? request.Body.Length} bytes)";
        }

        var fields = new JsonArray();
        foreach (var part in parts)
        {
            fields.Add(part.IsFile
                ? new JsonObject
                {
                    ["name"] = part.Name,
                    ["fileName"] = part.FileName,
                    ["contentType"] = part.ContentType,
                    ["length"] = part.Length,
                }
                : new JsonObject { ["name"] = part.Name, ["value"] = part.Value });
        }

        return JsonSerializer.Serialize(fields, JsonResponses.Options);
    }
}
