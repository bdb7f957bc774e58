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

    // What an async create endpoint answers without X-DashScope-Async: enable (API doc §1.3, §7.2).
    public static readonly ApiError SyncNotSupported =
        new(StatusCodes.Status403Forbidden, "AccessDenied", "current user api does not support synchronous calls");

    public static readonly ApiError CancelNotPending = new(
        StatusCodes.Status400BadRequest,
        "UnsupportedOperation",
        "Failed to cancel the task, please confirm if the task is in PENDING status.");

    public static readonly ApiError RateQuota =
        new(StatusCodes.Status429TooManyRequests, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");

    // A sync-only model (qwen-image-max, qwen-image-2.0) on an async endpoint (API doc §5.1).
    public static ApiError NoAsyncCalls(string model) => InvalidParameter($"The model {model} does not support asynchronous calls.");

    public static ApiError UnknownRegion(string regionId) => new(
        StatusCodes.Status404NotFound,
        "NotFound",
        $"The emulator serves no region '{regionId}'; use one of {string.Join(", ", Regions.All.Select(r => r.Id))}.");
}
