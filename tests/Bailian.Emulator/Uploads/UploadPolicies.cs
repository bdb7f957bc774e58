using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Bailian.Emulator.Tasks;

namespace Bailian.Emulator.Uploads;

/// <summary>
/// Issues upload policies and recognises them again. A policy is a base64 JSON document signed much as OSS signs POST
/// policies (a base64 HMAC of the document), with a key only this emulator instance knows; so a policy edited by a
/// client fails its signature, as on the service.
/// </summary>
internal sealed class UploadPolicies(TimeProvider timeProvider)
{
    /// <summary>How long a policy is accepted (<c>expire_in_seconds</c>, API doc §6.1).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(300);

    // Long-expired policies are forgotten; one signed here but no longer known is necessarily expired.
    private static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, UploadPolicy> _issued = new(StringComparer.Ordinal);

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public UploadPolicy Issue(Region region, string model)
    {
        var now = Now;
        foreach (var old in _issued.Values.Where(p => now - p.Expiration > Memory))
        {
            _issued.TryRemove(old.Text, out _);
        }

        var expiration = now + Lifetime;
        var uploadDir = UploadDir(region, now);
        var text = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(Document(uploadDir, expiration)));
        var policy = new UploadPolicy(text, Sign(text), uploadDir, region.Id, model, expiration);
        _issued[text] = policy;
        return policy;
    }

    /// <summary>The policy issued as <paramref name="text"/>; null when it never was or has long expired.</summary>
    public UploadPolicy? Find(string text) => _issued.GetValueOrDefault(text);

    public bool IsSigned(string text, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(text)), Encoding.ASCII.GetBytes(signature));

    // The conditions the fixture's policy carries (API doc §6.1), in its order.
    private static JsonObject Document(string uploadDir, DateTimeOffset expiration) => new()
    {
        ["expiration"] = expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["conditions"] = new JsonArray(
            new JsonArray("content-length-range", 0, UploadPolicy.MaxBytes),
            new JsonArray("starts-with", "$key", uploadDir),
            new JsonObject { ["bucket"] = UploadPolicy.Bucket },
            new JsonObject { ["x-oss-object-acl"] = UploadPolicy.ObjectAcl },
            new JsonObject { ["x-oss-forbid-overwrite"] = UploadPolicy.ForbidOverwrite }),
    };

    // dashscope-instant/{account hash}/{date}/{uuid}, like the fixture; the hash is of the key, never the key itself,
    // and the date is Beijing's, where the storage lives.
    private static string UploadDir(Region region, DateTimeOffset now)
    {
        var account = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("bailian-emulator-upload\n" + region.ApiKey)).AsSpan(0, 16));
        var date = now.ToOffset(TaskTimes.Offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"dashscope-instant/{account}/{date}/{Guid.NewGuid()}";
    }

    // OSS signs with HMAC-SHA1 (20 bytes, 28 base64 characters); clients pass the value through untouched, so
    // HMAC-SHA256 cut to the same length looks the same to them without using SHA-1.
    private string Sign(string text) => Convert.ToBase64String(HMACSHA256.HashData(_signingKey, Encoding.UTF8.GetBytes(text)).AsSpan(0, 20));
}
