namespace Bailian.Emulator.Api;

/// <summary>
/// An API request path split into its region and the region-independent rest: <c>/{region}/api/v1/...</c>, or
/// a bare <c>/api/v1/...</c>, which the real Beijing host serves (it is the SDKs' default base URL).
/// </summary>
/// <param name="RegionId">The region segment as sent; <see cref="Regions.Beijing"/> for a bare path.</param>
/// <param name="Region">The region, or null when the emulator does not serve <paramref name="RegionId"/>.</param>
/// <param name="Prefix">What precedes <c>/api/v1</c> (empty for a bare path).</param>
/// <param name="Rest">The path from <c>/api/v1</c> on.</param>
internal readonly record struct ApiPath(string RegionId, Region? Region, PathString Prefix, PathString Rest)
{
    private static readonly PathString ApiRoot = "/api/v1";

    public static bool TryParse(PathString path, out ApiPath result)
    {
        if (path.StartsWithSegments(ApiRoot, StringComparison.Ordinal))
        {
            result = new ApiPath(Regions.Beijing, Regions.Find(Regions.Beijing), PathString.Empty, path);
            return true;
        }

        var value = path.Value ?? string.Empty;
        var end = value.IndexOf('/', 1);
        if (end > 1)
        {
            var rest = new PathString(value[end..]);
            if (rest.StartsWithSegments(ApiRoot, StringComparison.Ordinal))
            {
                var regionId = value[1..end];
                result = new ApiPath(regionId, Regions.Find(regionId), new PathString(value[..end]), rest);
                return true;
            }
        }

        result = default;
        return false;
    }
}
