namespace Bailian.Emulator.Api;

/// <summary>An error answer of the API: the HTTP status plus the envelope's code and message (API doc §2.3, §7.2).</summary>
internal sealed record ApiError(int Status, string Code, string Message)
{
    public static ApiError InvalidParameter(string message) => new(StatusCodes.Status400BadRequest, "InvalidParameter", message);

    public static readonly ApiError InvalidBody =
        InvalidParameter("Required body invalid, please check the request body format.");

    // What the service answers for a path it has no API at.
    public static readonly ApiError UrlError = InvalidParameter("url error, please check url!");

    public static readonly ApiError EmptyModel =
        new(StatusCodes.Status400BadRequest, "BadRequest.EmptyModel", "Required parameter \"model\" missing from request.");

    public static readonly ApiError EmptyInput =
        new(StatusCodes.Status400BadRequest, "BadRequest.EmptyInput", "Required parameter \"input\" missing from request.");

    public static readonly ApiError ModelNotFound = new(StatusCodes.Status404NotFound, "ModelNotFound", "Model not exist.");

    public static readonly ApiError NoApiKey = new(StatusCodes.Status401Unauthorized, "InvalidApiKey", "No API-key provided.");

    public static readonly ApiError InvalidApiKey = new(StatusCodes.Status401Unauthorized, "InvalidApiKey", "Invalid API-key provided.");

    public static readonly ApiError AsyncNotSupported =
        new(StatusCodes.Status403Forbidden, "AccessDenied", "current user api does not support asynchronous calls");

    public static ApiError UnknownRegion(string regionId) => new(
        StatusCodes.Status404NotFound,
        "NotFound",
        $"The emulator serves no region '{regionId}'; use one of {string.Join(", ", Regions.All.Select(r => r.Id))}.");
}
