using System.Net;

namespace Bailian.Emulator.Hosting;

/// <summary>
/// Turns <see cref="EmulatorOptions.Urls"/> into the one loopback endpoint to listen on. Anything reachable from
/// another machine is refused: the emulator hands out its keys to anyone who asks.
/// </summary>
internal static class LoopbackUrl
{
    public static IPEndPoint Parse(string? urls)
    {
        if (urls is null)
        {
            return new IPEndPoint(IPAddress.Loopback, 0);
        }

        if (!Uri.TryCreate(urls.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || uri.PathAndQuery != "/" || uri.UserInfo.Length > 0 || urls.Contains(';', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{urls}' is not one plain http:// URL such as http://127.0.0.1:8765 (one address, no path, no https).");
        }

        var address = uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns
            ? IPAddress.Loopback // "localhost": listen on 127.0.0.1, which is what BaseAddress names
            : IPAddress.TryParse(uri.DnsSafeHost, out var ip) ? ip : null;
        if (address is null || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException(
                $"The emulator listens on loopback only; '{uri.Host}' is not a loopback address. Use e.g. http://127.0.0.1:{uri.Port}.");
        }

        return new IPEndPoint(address, uri.Port);
    }
}
