using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Bailian.Emulator.Results;

namespace Bailian.Emulator.Pipeline;

/// <summary>Whatever no endpoint serves, answered in the style of the part of the server it addresses.</summary>
internal static class NotFoundEndpoint
{
    public static Task HandleAsync(HttpContext context)
    {
        // The API gate has already moved API paths under /api/v1 and set the call context.
        if (context.Features.Get<ApiCallContext>() is not null)
        {
            return ApiErrors.WriteAsync(context, ApiError.UrlError);
        }

        var path = context.Request.PathBase.Add(context.Request.Path);
        return RequestKinds.Classify(path) switch
        {
            RequestKinds.Download => OssErrors.WriteAsync(context, StatusCodes.Status404NotFound, "NoSuchKey", "The specified key does not exist."),
            // The upload host takes form POSTs to its root only, and lists nothing.
            RequestKinds.Upload => OssErrors.WriteAsync(
                context, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource."),
            _ => JsonResponses.WriteAsync(context, StatusCodes.Status404NotFound, new JsonObject
            {
                ["code"] = "NotFound",
                ["message"] = $"Nothing is served at {path}. The API lives under /{{region}}/api/v1, e.g. /cn-beijing/api/v1.",
            }),
        };
    }
}
