using System.Net;

namespace Bailian.Connection;

/// <summary>
/// Where requests go: a base URL ending in <c>/api/v1</c>, and the region it serves (when known); or, with
/// <see cref="ConnectionProtocol.OpenAI"/>, an OpenAI-style gateway's base (e.g. <c>https://gateway.example.com/v1</c>).
/// </summary>
public sealed class DashScopeEndpoint
{
    public DashScopeEndpoint(Uri baseUrl, DashScopeRegion? region, string? workspace = null, ConnectionProtocol protocol = ConnectionProtocol.DashScope)
    {
        BaseUrl = baseUrl;
        Region = region;
        Workspace = workspace;
        Protocol = protocol;
    }

    /// <summary>The API family spoken there: DashScope's own, or an OpenAI-style gateway's (no region, no workspace, no tasks).</summary>
    public ConnectionProtocol Protocol { get; }

    /// <summary>
    /// An OpenAI-style gateway's base URL, as given (trailing slash dropped): https, or http on loopback only, as for
    /// DashScope endpoints, since the key travels in a header. Nothing is added to the path.
    /// </summary>
    /// <param name="source">Where the URL came from, for messages (-Endpoint, Connect-Bailian -Endpoint).</param>
    /// <exception cref="BailianConfigurationException">Bailian.InvalidEndpoint or Bailian.InsecureEndpoint.</exception>
    public static DashScopeEndpoint Gateway(string text, string source)
    {
        var url = CheckedUrl(text, source, "https://gateway.example.com/v1", "gateway");
        return new DashScopeEndpoint(new Uri(url.GetLeftPart(UriPartial.Authority) + url.AbsolutePath.TrimEnd('/')), null, null, ConnectionProtocol.OpenAI);
    }

    /// <summary>Base URL without a trailing slash, e.g. <c>https://dashscope.aliyuncs.com/api/v1</c>.</summary>
    public Uri BaseUrl { get; }
    public DashScopeRegion? Region { get; }
    public string? Workspace { get; }

    public Uri Resolve(string relativePath) => new(BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + relativePath.TrimStart('/'));

    /// <summary>
    /// Picks the endpoint in this order: -Endpoint, -Region, the Connect-Bailian session's endpoint,
    /// then its region, then $env:DASHSCOPE_HTTP_BASE_URL (as the official SDKs read it), then Beijing.
    /// </summary>
    public static DashScopeEndpoint Select(string? endpoint, string? region, string? sessionEndpoint, string? sessionRegion,
        string? environmentBaseUrl, string? workspace)
    {
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            return FromUrl(endpoint!, region, workspace, "-Endpoint");
        }

        if (!string.IsNullOrWhiteSpace(region))
        {
            return FromRegion(DashScopeRegion.Parse(region!), workspace);
        }

        if (!string.IsNullOrWhiteSpace(sessionEndpoint))
        {
            return FromUrl(sessionEndpoint!, sessionRegion, workspace, "Connect-Bailian -Endpoint");
        }

        if (!string.IsNullOrWhiteSpace(sessionRegion))
        {
            return FromRegion(DashScopeRegion.Parse(sessionRegion!), workspace);
        }

        return !string.IsNullOrWhiteSpace(environmentBaseUrl)
            ? FromUrl(environmentBaseUrl!, null, workspace, "$env:DASHSCOPE_HTTP_BASE_URL")
            : FromRegion(DashScopeRegion.Default, workspace);
    }

    private static DashScopeEndpoint FromRegion(DashScopeRegion region, string? workspace)
    {
        if (region.SharedBaseUrl is not null)
        {
            return new DashScopeEndpoint(new Uri(region.SharedBaseUrl), region, workspace);
        }

        return string.IsNullOrWhiteSpace(workspace)
            ? throw new BailianConfigurationException(ErrorIds.WorkspaceRequired,
                $"{region.DisplayName} ({region.Id}) has no shared endpoint: give -Workspace <WorkspaceId> (Connect-Bailian -Workspace) so requests go to {region.WorkspaceBaseUrl("<WorkspaceId>")}.")
            : new DashScopeEndpoint(new Uri(region.WorkspaceBaseUrl(workspace!)), region, workspace);
    }

    private static Uri CheckedUrl(string text, string source, string example, string kind)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new BailianConfigurationException(ErrorIds.InvalidEndpoint,
                $"{source} '{text}' is not an absolute http(s) URL such as {example}.");
        }

        // The key travels in a header: only loopback (the emulator) may see it unencrypted. The URL is named as given,
        // up to its path: a query string could hold something not to be echoed.
        if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
        {
            throw new BailianConfigurationException(ErrorIds.InsecureEndpoint,
                $"{source} '{url.GetLeftPart(UriPartial.Path)}' uses plain http; {kind} endpoints must use https (plain http is allowed only on loopback).");
        }

        return url;
    }

    private static DashScopeEndpoint FromUrl(string text, string? regionHint, string? workspace, string source)
    {
        var url = CheckedUrl(text, source, "https://dashscope.aliyuncs.com/api/v1", "DashScope");
        var path = url.AbsolutePath.TrimEnd('/');
        var baseUrl = new Uri(url.GetLeftPart(UriPartial.Authority) + (path.Length == 0 ? "/api/v1" : path));
        // -Region names the region of an endpoint that does not say (a proxy); one that does must agree with it.
        var known = DashScopeRegion.FromBaseUrl(baseUrl);
        var region = !string.IsNullOrWhiteSpace(regionHint) ? DashScopeRegion.Parse(regionHint!) : known;
        if (known is not null && region is not null && known.Id != region.Id)
        {
            throw new BailianConfigurationException(ErrorIds.InvalidEndpoint,
                $"{source} '{baseUrl}' is {known.DisplayName}'s ({known.Id}), but -Region is {region.DisplayName} ({region.Id}): give one of them, or both for the same region.");
        }

        return new DashScopeEndpoint(baseUrl, region, workspace);
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
