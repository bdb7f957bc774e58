namespace Bailian.Emulator.Api;

/// <summary>The bearer-key check. Each region accepts its own key only, as on the real service (API doc §1.1).</summary>
internal static class ApiAuth
{
    private const string Scheme = "Bearer";

    public static ApiError? Check(string? authorization, Region region)
    {
        var value = authorization?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            return ApiError.NoApiKey;
        }

        // Strict about the scheme: a client that forgets "Bearer " must fail here, not first against the service.
        if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || (value.Length > Scheme.Length && !char.IsWhiteSpace(value[Scheme.Length])))
        {
            return ApiError.InvalidApiKey;
        }

        var key = value[Scheme.Length..].Trim();
        if (key.Length == 0)
        {
            return ApiError.NoApiKey;
        }

        return string.Equals(key, region.ApiKey, StringComparison.Ordinal) ? null : ApiError.InvalidApiKey;
    }
}
