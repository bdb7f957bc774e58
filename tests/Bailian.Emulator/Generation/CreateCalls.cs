using System.Collections.Frozen;

namespace Bailian.Emulator.Generation;

/// <summary>
/// The calls that ask for images: the sync endpoint and the three async create endpoints. They are what the
/// per-model limits count, and their latency is served after admission rather than on arrival.
/// </summary>
internal static class CreateCalls
{
    // Routing matches paths ignoring case and a trailing slash; so must this, or such a call would dodge the rules.
    private static readonly FrozenSet<string> Routes = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        SyncGenerationEndpoint.Route,
        AsyncGenerationEndpoints.SynthesisRoute,
        AsyncGenerationEndpoints.ImageToImageRoute,
        AsyncGenerationEndpoints.GenerationRoute);

    /// <summary>Whether <paramref name="method"/> on <paramref name="path"/> (from <c>/api/v1</c> on) is a create call.</summary>
    public static bool Is(string method, PathString path) =>
        HttpMethods.IsPost(method) && path.Value is { } value && Routes.Contains(value.TrimEnd('/'));
}
