using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Uploads;

/// <summary>
/// <c>GET {base}/uploads?action=getPolicy&amp;model={model}</c> (API doc §6.1): a policy for one form upload to the
/// emulator's own <c>/oss-upload</c>, answered in the shape of the recorded fixture.
/// </summary>
internal sealed class GetPolicyEndpoint(UploadPolicies policies, PolicyRateLimiter limiter)
{
    public const string Route = "/api/v1/uploads";

    // The fixture's figures: 1 GB per file, and no practical capacity limit.
    private const int MaxFileSizeMb = 1024;
    private const long CapacityLimitMb = 999_999_999;

    private static readonly ApiError BeijingOnly =
        ApiError.InvalidParameter("The temporary storage is only available in China (Beijing).");

    public Task HandleAsync(HttpContext context)
    {
        var call = context.Features.GetRequiredFeature<ApiCallContext>();
        var query = context.Request.Query;
        if (query["action"] != "getPolicy")
        {
            return ApiErrors.WriteAsync(context, ApiError.InvalidParameter("The parameter action must be getPolicy."));
        }

        if (query["model"].ToString() is not { Length: > 0 } model)
        {
            return ApiErrors.WriteAsync(context, ApiError.EmptyModel);
        }

        // S8 says the storage is Beijing only; Alibaba's own QwenCloud library calls the Singapore host, so the
        // service may well answer there (API doc §6.1, §13.3). What it answers elsewhere is not known; this is a guess.
        if (call.Region.Id != Regions.Beijing)
        {
            return ApiErrors.WriteAsync(context, BeijingOnly);
        }

        if (!limiter.TryAdmit(model))
        {
            context.Response.Headers.RetryAfter = "1";
            return ApiErrors.WriteAsync(context, ApiError.RateQuota);
        }

        var policy = policies.Issue(call.Region, model);
        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["policy"] = policy.Text,
                ["signature"] = policy.Signature,
                ["upload_dir"] = policy.UploadDir,
                ["upload_host"] = new Uri(ServerAddress.Of(context), OssUploadEndpoint.Route.TrimStart('/')).AbsoluteUri,
                ["expire_in_seconds"] = (int)UploadPolicies.Lifetime.TotalSeconds,
                ["max_file_size_mb"] = MaxFileSizeMb,
                ["capacity_limit_mb"] = CapacityLimitMb,
                ["oss_access_key_id"] = UploadPolicy.AccessKeyId,
                ["x_oss_object_acl"] = UploadPolicy.ObjectAcl,
                ["x_oss_forbid_overwrite"] = UploadPolicy.ForbidOverwrite,
            },
            ["request_id"] = call.RequestId,
        });
    }
}
