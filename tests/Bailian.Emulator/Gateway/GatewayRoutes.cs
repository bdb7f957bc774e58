namespace Bailian.Emulator.Gateway;

/// <summary>Where the OpenAI-style gateway lives (seed 002: <c>POST {base}/images/generations</c> and <c>/images/edits</c>), and its key.</summary>
internal static class GatewayRoutes
{
    /// <summary>The gateway's base path; a client's endpoint is <c>http://127.0.0.1:{port}/gateway/v1</c>.</summary>
    public const string Root = "/gateway/v1";

    public const string Generations = Root + "/images/generations";

    public const string Edits = Root + "/images/edits";

    /// <summary>The one key the gateway accepts; the DashScope regions' keys are not valid here (it is another account).</summary>
    // Deliberately short and fake-looking, like the regions' keys.
    public const string ApiKey = "sk-emulator-gateway";

    /// <summary>The account the per-model limits count gateway calls under, apart from every DashScope region.</summary>
    public const string Account = "gateway";

    public static bool Contains(PathString path) => path.StartsWithSegments(Root, StringComparison.Ordinal);

    /// <summary>Whether the call asks for images (a create call): its latency is served after admission, as on the DashScope side.</summary>
    public static bool IsCreateCall(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.Value?.TrimEnd('/') is { } path
        && (string.Equals(path, Generations, StringComparison.OrdinalIgnoreCase) || string.Equals(path, Edits, StringComparison.OrdinalIgnoreCase));
}
