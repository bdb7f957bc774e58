using System.Globalization;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using Bailian.Emulator.Results;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Uploads;

/// <summary>
/// <c>POST /oss-upload</c>: the emulator's stand-in for the temporary bucket's form upload (API doc §6.1), the
/// <c>upload_host</c> getPolicy names. No API key: the signed policy is the credential, as on OSS.
/// </summary>
internal sealed class OssUploadEndpoint(UploadPolicies policies, UploadStore store)
{
    public const string Route = "/oss-upload";

    public async Task HandleAsync(HttpContext context)
    {
        // Past the limit the body cannot be read at all: too large, as OSS says, rather than a malformed form.
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (UploadBodyLimit.IsPast(context.Request, limit))
        {
            await UploadRules.TooLarge(context.Request.ContentLength!.Value, UploadPolicy.MaxBytes).WriteAsync(context).ConfigureAwait(false);
            return;
        }

        // The request recorder buffered the body and read it once already.
        context.Request.Body.Position = 0;
        var parts = await MultipartForm.ReadAsync(context.Request, keepFiles: true, context.RequestAborted).ConfigureAwait(false);
        if (UploadForm.Read(parts, out var form) is { } formError)
        {
            await formError.WriteAsync(context).ConfigureAwait(false);
            return;
        }

        if (UploadRules.Check(form!, policies, out var policy) is { } policyError)
        {
            await policyError.WriteAsync(context).ConfigureAwait(false);
            return;
        }

        var file = form!.File;
        var key = form[UploadForm.KeyField]!;
        var info = new UploadedObject(key, policy!.Model, policy.RegionId, file.Length, form[UploadForm.ContentTypeField] ?? file.ContentType, store.Now);
        if (!store.TryPut(new StoredObject(info, file.Content!), forbidOverwrite: form[UploadForm.ForbidOverwriteField] == "true"))
        {
            await OssErrors.WriteAsync(
                context,
                StatusCodes.Status409Conflict,
                "FileAlreadyExists",
                "The object you specified already exists and can not be overwritten.",
                [new("Key", key)]).ConfigureAwait(false);
            return;
        }

        await WriteSuccessAsync(context, form[UploadForm.StatusField], key, file.Content!).ConfigureAwait(false);
    }

    // OSS answers 200 or 201 when asked to (201 with a PostResponse body), and 204 otherwise.
    private static Task WriteSuccessAsync(HttpContext context, string? status, string key, byte[] content)
    {
        var response = context.Response;
        // OSS's ETag of a form upload is the MD5 of the bytes; clients only compare it. A digest of the same shape
        // from SHA-256 keeps MD5 out of the code.
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(content).AsSpan(0, 16)) + "\"";
        response.Headers.ETag = etag;
        response.Headers[OssErrors.RequestIdHeader] = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        response.StatusCode = status switch
        {
            "200" => StatusCodes.Status200OK,
            "201" => StatusCodes.Status201Created,
            _ => StatusCodes.Status204NoContent,
        };
        if (response.StatusCode != StatusCodes.Status201Created)
        {
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        var location = new Uri(new Uri(context.Request.Scheme + "://" + context.Request.Host), Route + "/" + key).AbsoluteUri;
        var xml = string.Create(
            CultureInfo.InvariantCulture,
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PostResponse><Bucket>{UploadPolicy.Bucket}</Bucket><Location>{SecurityElement.Escape(location)}</Location><Key>{SecurityElement.Escape(key)}</Key><ETag>{SecurityElement.Escape(etag)}</ETag></PostResponse>\n");
        var bytes = Encoding.UTF8.GetBytes(xml);
        response.ContentType = OssErrors.ContentType;
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
