using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bailian.Emulator.Results;

/// <summary>
/// Generated images, addressed like the service's signed OSS URLs (<c>Expires</c>, <c>OSSAccessKeyId</c>,
/// <c>Signature</c>). Each URL has its own id; the PNG is rendered on first download and cached per spec and
/// padded size (<see cref="EmulatorControl.ResultImageBytes"/> as of publishing), so a test that never downloads
/// pays nothing and an image downloaded again is not rendered again. The cache holds the last
/// <see cref="MaxCachedRenders"/> or so: a spec renders to the same bytes every time, so one dropped is rendered again.
/// </summary>
internal sealed class ResultStore(TimeProvider timeProvider, TimeSpan lifetime, EmulatorControl control)
{
    public const string AccessKeyId = "LTAI5temulator";

    /// <summary>
    /// Rendered PNGs kept at most. Unbounded, a 100,000-row benchmark (every row its own prompt, so its own PNG) left
    /// the emulator holding 17 GB of images it would never serve again.
    /// </summary>
    public const int MaxCachedRenders = 64;

    private readonly ConcurrentDictionary<string, Published> _specs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Published, Lazy<ResultPng>> _renders = new();
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>Registers an image and returns its signed URL under <paramref name="baseAddress"/>, valid from now.</summary>
    public Uri Publish(Uri baseAddress, ImageSpec spec) => Publish(baseAddress, spec, Now);

    /// <summary>
    /// Registers an image signed at <paramref name="issuedAt"/>: a task's images are signed when it ends, however
    /// much later the client first looks.
    /// </summary>
    public Uri Publish(Uri baseAddress, ImageSpec spec, DateTimeOffset issuedAt)
    {
        var id = Guid.NewGuid().ToString("N");
        _specs[id] = new Published(spec, control.ResultImageBytes);
        var expires = issuedAt.Add(lifetime).ToUnixTimeSeconds();
        return new Uri(baseAddress, string.Create(
            CultureInfo.InvariantCulture,
            $"results/{id}.png?Expires={expires}&OSSAccessKeyId={AccessKeyId}&Signature={Sign(id, expires)}"));
    }

    public bool Contains(string id) => _specs.ContainsKey(id);

    /// <summary>Rendered PNGs held now (for tests): at most <see cref="MaxCachedRenders"/>, give or take concurrent downloads.</summary>
    public int CachedRenders => _renders.Count;

    /// <summary>The PNG for <paramref name="id"/>, rendering it on first use; null for an id never published.</summary>
    public ResultPng? Find(string id)
    {
        if (!_specs.TryGetValue(id, out var published))
        {
            return null;
        }

        if (_renders.Count >= MaxCachedRenders && !_renders.ContainsKey(published))
        {
            // Dropping them all is crude, and enough: they render again, to the same bytes, if asked for.
            _renders.Clear();
        }

        return _renders.GetOrAdd(published, p => new Lazy<ResultPng>(() => ResultPng.Of(PngRenderer.Render(p.Spec), p.TargetBytes))).Value;
    }

    public bool IsSigned(string id, long expires, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(id, expires)), Encoding.ASCII.GetBytes(signature));

    // Covers the expiry too, so that editing Expires in a URL does not extend its life.
    private string Sign(string id, long expires)
    {
        var mac = HMACSHA256.HashData(_signingKey, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}\n{expires}")));
        return Base64Url.EncodeToString(mac.AsSpan(0, 20));
    }

    // What a URL stands for: the image and the size it was to be padded to when published.
    private readonly record struct Published(ImageSpec Spec, long TargetBytes);
}
