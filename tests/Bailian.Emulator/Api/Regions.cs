using System.Collections.Frozen;

namespace Bailian.Emulator.Api;

/// <summary>A region the emulator serves, with the one API key it accepts.</summary>
internal sealed record Region(string Id, string ApiKey);

/// <summary>
/// The regions of API doc §1.1. Keys are region-bound on the real service too: a key from another region is
/// simply an invalid key there, which is how a region mismatch shows to a client.
/// </summary>
internal static class Regions
{
    public const string Beijing = "cn-beijing";
    public const string Singapore = "ap-southeast-1";
    public const string Virginia = "us-east-1";

    // Deliberately short and fake-looking, so no secret scanner or reader takes them for real keys.
    public static readonly IReadOnlyList<Region> All =
    [
        new(Beijing, "sk-emulator-beijing"),
        new(Singapore, "sk-emulator-singapore"),
        new(Virginia, "sk-emulator-virginia"),
    ];

    public static readonly FrozenDictionary<string, string> Keys =
        All.ToFrozenDictionary(r => r.Id, r => r.ApiKey, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, Region> ById =
        All.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);

    public static Region? Find(string id) => ById.GetValueOrDefault(id);
}
