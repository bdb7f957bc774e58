using System.Net;
using System.Net.Http.Headers;
using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Images;
using Bailian.Json;
using Bailian.Work;

namespace Bailian.Uploads;

/// <summary>
/// DashScope's temporary storage (API doc §6.1): a policy from getPolicy, then an OSS form POST per file,
/// giving oss:// URLs the model reads for 48 hours. One policy serves every file of a request. The docs
/// say the storage exists only in Beijing, so anywhere else it is refused before anything is sent.
/// </summary>
public sealed class TemporaryStorage
{
    private readonly DashScopeTransport _transport;
    private readonly TimeProvider _clock;

    public TemporaryStorage(DashScopeTransport transport, TimeProvider? clock = null)
    {
        _transport = transport;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Uploads the request's local files; returns each file's full path mapped to its oss:// URL.</summary>
    public async Task<IReadOnlyDictionary<string, string>> UploadAsync(PreparedGeneration prepared, DashScopeConnection connection,
        TransportOptions options, IBailianLog log, CancellationToken cancellationToken)
    {
        var files = prepared.Inputs.Where(i => i.Kind == ImageSourceKind.LocalFile).Select(i => i.Value).Distinct().ToList();
        if (files.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        CheckRegion(connection.Endpoint);
        var model = prepared.ModelNameIn(connection.Endpoint.Region?.Id);
        var policy = await GetPolicyAsync(model, connection, options, log, cancellationToken).ConfigureAwait(false);
        var uploaded = new Dictionary<string, string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            if (policy.ExpiresAt <= _clock.GetUtcNow().AddSeconds(30))
            {
                policy = await GetPolicyAsync(model, connection, options, log, cancellationToken).ConfigureAwait(false);
            }

            var key = policy.Value.UploadDir.TrimEnd('/') + "/" + UniqueName(file, names);
            await PostFileAsync(policy.Value, key, file, options, log, cancellationToken).ConfigureAwait(false);
            uploaded[file] = "oss://" + key;
            log.Verbose($"Uploaded {file} to oss://{key} (DashScope keeps it 48 hours, for {model} only).");
        }

        return uploaded;
    }

    /// <summary>Refused outside Beijing, where the docs say there is no temporary storage.</summary>
    public static void CheckRegion(DashScopeEndpoint endpoint)
    {
        if (endpoint.Region is { } region && region.Id != "cn-beijing")
        {
            throw new BailianValidationException(ErrorIds.UploadUnavailable,
                $"DashScope's temporary storage exists only in Beijing, and this request goes to {region.DisplayName}. " +
                "Give the images as http(s) URLs, or keep each local file small enough to be sent inline (under 10 MB in all).");
        }
    }

    private async Task<(UploadPolicy Value, DateTimeOffset ExpiresAt)> GetPolicyAsync(string model, DashScopeConnection connection,
        TransportOptions options, IBailianLog log, CancellationToken cancellationToken)
    {
        var call = new ApiCall(HttpMethod.Get, "uploads?action=getPolicy&model=" + Uri.EscapeDataString(model), connection, "upload policy");
        var response = await _transport.SendAsync(call, DashScopeJsonContext.Default.UploadPolicyResponse, options, log, cancellationToken)
            .ConfigureAwait(false);
        var policy = response.Data ?? throw new BailianException(ErrorIds.UnreadableResponse, BailianErrorCategory.InvalidData,
            "DashScope's upload policy answer has no data.");
        CheckHost(policy.UploadHost);
        return (policy, _clock.GetUtcNow().AddSeconds(policy.ExpireInSeconds));
    }

    // The policy names the host the file goes to; it gets the same https rule as the API.
    private static void CheckHost(string host)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out var url)
            || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            throw new BailianException(ErrorIds.InsecureUploadHost, BailianErrorCategory.SecurityError,
                $"DashScope's upload policy names '{host}' as the upload host, which is not an https URL; nothing was uploaded.");
        }
    }

    private async Task PostFileAsync(UploadPolicy policy, string key, string path, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken)
    {
        var attempt = 0;
        var pipeline = RetryPipeline.Create(options, log, $"upload of {Path.GetFileName(path)}");
        await pipeline.ExecuteAsync(async token =>
        {
            attempt++;
            using var form = Form(policy, key, path);
            using var response = await _transport.HttpClient.PostAsync(policy.UploadHost, form, token).ConfigureAwait(false);
            // Keys are unique per policy: a 409 on a retry means the earlier attempt stored the file.
            if (response.IsSuccessStatusCode || (attempt > 1 && response.StatusCode == HttpStatusCode.Conflict))
            {
                return;
            }

            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var status = (int)response.StatusCode;
            throw new UploadException(path, status, body, transient: status is 408 or 429 or >= 500);
        }, cancellationToken).ConfigureAwait(false);
    }

    // Form fields in the order the SDKs send them, with the file last as OSS requires.
    private static MultipartFormDataContent Form(UploadPolicy policy, string key, string path)
    {
        var form = new MultipartFormDataContent();
        void Field(string name, string value) => form.Add(new StringContent(value), name);
        Field("OSSAccessKeyId", policy.OssAccessKeyId);
        Field("Signature", policy.Signature);
        Field("policy", policy.Policy);
        Field("key", key);
        Field("x-oss-object-acl", policy.XOssObjectAcl);
        Field("x-oss-forbid-overwrite", policy.XOssForbidOverwrite);
        Field("success_action_status", "200");
        using (var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            Field("x-oss-content-type", ImageHeader.Read(probe)?.MimeType ?? "application/octet-stream");
        }

        var file = new StreamContent(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", Path.GetFileName(path));
        return form;
    }

    // Two files of one request may share a name (a.png from two folders): the second gets a suffix.
    private static string UniqueName(string path, HashSet<string> taken)
    {
        var name = Download.SafeFileName.Clean(Path.GetFileNameWithoutExtension(path)) + Path.GetExtension(path).ToLowerInvariant();
        for (var i = 2; !taken.Add(name); i++)
        {
            name = Download.SafeFileName.Clean(Path.GetFileNameWithoutExtension(path)) + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)
                   + Path.GetExtension(path).ToLowerInvariant();
        }

        return name;
    }
}

/// <summary>A file the temporary storage refused; OSS explains why in an XML body.</summary>
public sealed class UploadException(string path, int status, string body, bool transient)
    : BailianException(ErrorIds.UploadFailed, BailianErrorCategory.ConnectionError,
        $"Uploading '{path}' to DashScope's temporary storage failed: HTTP {status} " +
        (System.Text.RegularExpressions.Regex.Match(body, "<Message>([^<]*)</Message>") is { Success: true } m ? m.Groups[1].Value : body.Length > 200 ? body.Substring(0, 200) : body))
{
    public override bool IsTransient => transient;
}
