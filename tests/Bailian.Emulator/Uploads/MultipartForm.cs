using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Bailian.Emulator.Uploads;

/// <summary>
/// Reads a multipart/form-data body part by part, in order. ASP.NET's form reader keeps fields and files apart and
/// loses their order, and the order is exactly what an OSS form upload is strict about.
/// </summary>
internal static class MultipartForm
{
    private const int BufferSize = 64 * 1024;

    /// <summary>The parts in order; null when the body is not well-formed multipart/form-data.</summary>
    /// <param name="request">The request, whose body is read from where it stands.</param>
    /// <param name="keepFiles">Whether to keep the file's bytes, or only count them (for the request log).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<IReadOnlyList<FormPart>?> ReadAsync(HttpRequest request, bool keepFiles, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return null;
        }

        var reader = new MultipartReader(boundary, request.Body);
        var parts = new List<FormPart>();
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                // Not IsFormDisposition(): that excludes parts with a file name, and the file has one.
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                parts.Add(name == FormPart.FileField
                    ? await ReadFileAsync(section, name, fileName, keepFiles, cancellationToken).ConfigureAwait(false)
                    : await ReadFieldAsync(section, name, fileName, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return null; // cut short, or a part's headers past the reader's limits
        }

        return parts;
    }

    private static async Task<FormPart> ReadFieldAsync(MultipartSection section, string name, string? fileName, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(section.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var value = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return new FormPart(name, value, fileName, section.ContentType, null, Encoding.UTF8.GetByteCount(value));
    }

    private static async Task<FormPart> ReadFileAsync(
        MultipartSection section, string name, string? fileName, bool keep, CancellationToken cancellationToken)
    {
        using var kept = keep ? new MemoryStream() : null;
        var buffer = new byte[BufferSize];
        long length = 0;
        int read;
        while ((read = await section.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
            kept?.Write(buffer, 0, read);
        }

        return new FormPart(name, null, fileName, section.ContentType, kept?.ToArray(), length);
    }
}
