namespace Bailian.Connection;

/// <summary>
/// A DashScope region (API doc §1.1). Keys, workspaces and models are bound to one region: a key
/// from another region fails authentication.
/// </summary>
public sealed class DashScopeRegion
{
    private DashScopeRegion(string id, string displayName, string? sharedBaseUrl, params string[] aliases)
    {
        Id = id;
        DisplayName = displayName;
        SharedBaseUrl = sharedBaseUrl;
        Aliases = aliases;
    }

    public static IReadOnlyList<DashScopeRegion> All { get; } =
    [
        new("cn-beijing", "Beijing", "https://dashscope.aliyuncs.com/api/v1", "Beijing", "China", "cn"),
        new("ap-southeast-1", "Singapore", "https://dashscope-intl.aliyuncs.com/api/v1", "Singapore", "intl", "international"),
        new("us-east-1", "Virginia", "https://dashscope-us.aliyuncs.com/api/v1", "Virginia", "US"),
        // Only the workspace-dedicated domain is documented for these two (S12, S14).
        new("eu-central-1", "Frankfurt", null, "Frankfurt", "Germany"),
        new("ap-northeast-1", "Tokyo", null, "Tokyo", "Japan"),
        // Shared host known from third-party sources only (API doc §13.11).
        new("cn-hongkong", "Hong Kong", "https://cn-hongkong.dashscope.aliyuncs.com/api/v1", "HongKong", "Hong Kong", "HK"),
    ];

    public static DashScopeRegion Default => All[0];

    public string Id { get; }
    public string DisplayName { get; }
    /// <summary>The shared endpoint, or null where only the workspace-dedicated one exists.</summary>
    public string? SharedBaseUrl { get; }
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Accepts a region id (<c>ap-southeast-1</c>) or a friendly name (<c>Singapore</c>).</summary>
    public static DashScopeRegion Parse(string nameOrId)
    {
        var key = nameOrId.Trim();
        return All.FirstOrDefault(r => string.Equals(r.Id, key, StringComparison.OrdinalIgnoreCase)
                                       || r.Aliases.Any(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)))
            ?? throw new BailianConfigurationException(ErrorIds.UnknownRegion,
                $"Unknown region '{nameOrId}'. Use one of: {string.Join(", ", All.Select(r => $"{r.DisplayName} ({r.Id})"))}.");
    }

    /// <summary>The workspace-dedicated endpoint, <c>https://{workspace}.{region}.maas.aliyuncs.com/api/v1</c>.</summary>
    public string WorkspaceBaseUrl(string workspace) => $"https://{workspace}.{Id}.maas.aliyuncs.com/api/v1";

    /// <summary>Which region a base URL belongs to, when it is one we know (or an emulator path naming one).</summary>
    public static DashScopeRegion? FromBaseUrl(Uri baseUrl)
    {
        var known = All.FirstOrDefault(r => r.SharedBaseUrl is not null
            && string.Equals(new Uri(r.SharedBaseUrl).Host, baseUrl.Host, StringComparison.OrdinalIgnoreCase));
        return known
            ?? All.FirstOrDefault(r => baseUrl.Host.EndsWith("." + r.Id + ".maas.aliyuncs.com", StringComparison.OrdinalIgnoreCase))
            ?? All.FirstOrDefault(r => baseUrl.AbsolutePath.Split('/').Contains(r.Id, StringComparer.OrdinalIgnoreCase));
    }

    public override string ToString() => Id;
}
