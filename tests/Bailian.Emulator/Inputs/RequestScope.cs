using Bailian.Emulator.Api;
using Microsoft.AspNetCore.Http.Features;

namespace Bailian.Emulator.Inputs;

/// <summary>What an image reference is resolved against: the caller's region, the oss:// switch, and the emulator's address.</summary>
/// <param name="RegionId">The region addressed; uploaded files are bound to it.</param>
/// <param name="OssResolve">Whether <c>X-DashScope-OssResourceResolve: enable</c> was sent (API doc §6.1).</param>
/// <param name="ServerAddress">The emulator's own <c>http://127.0.0.1:{port}/</c>, whose result URLs are readable inputs.</param>
internal sealed record RequestScope(string RegionId, bool OssResolve, Uri ServerAddress)
{
    public const string OssResolveHeader = "X-DashScope-OssResourceResolve";

    public static RequestScope Of(HttpContext context) => new(
        context.Features.GetRequiredFeature<ApiCallContext>().Region.Id,
        RequestBodies.IsEnabled(context, OssResolveHeader),
        Api.ServerAddress.Of(context));
}
