namespace Bailian.Emulator.Api;

/// <summary>Where result URLs point: the emulator itself.</summary>
internal static class ServerAddress
{
    // The connection's own address is the emulator's BaseAddress, whatever Host the client sent.
    public static Uri Of(HttpContext context) =>
        new UriBuilder(Uri.UriSchemeHttp, context.Connection.LocalIpAddress!.ToString(), context.Connection.LocalPort).Uri;
}
