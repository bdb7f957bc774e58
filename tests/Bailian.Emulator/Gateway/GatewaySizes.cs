using Bailian.Emulator.Generation;

namespace Bailian.Emulator.Gateway;

/// <summary>How the gateway checks a model's <c>size</c>, and what it makes when none is sent.</summary>
internal abstract record GatewaySizes
{
    /// <summary>Why <paramref name="size"/> is refused for <paramref name="upstream"/>, or null.</summary>
    public abstract string? Reject(ImageSize size, ModelRule upstream);

    /// <summary>The size made when the request sends none (before an edit's inputs reshape it).</summary>
    public abstract ImageSize Default(ModelRule upstream);
}

/// <summary>
/// The seed's own list, matched exactly (seed 002 "必须精确匹配以下允许的尺寸"), plus sizes the gateway takes besides:
/// the list's 4:3 pair is 1472x1140 where DashScope's is 1472*1104 (API doc §13.1), and both are accepted.
/// </summary>
/// <param name="DefaultSize">The seed's default ("1328x1328 (1:1，默认)"), not DashScope's 1664*928.</param>
/// <param name="Listed">The seed's list, in its order (the error message names them).</param>
/// <param name="AlsoAccepted">Accepted but not advertised.</param>
internal sealed record SeedSizes(ImageSize DefaultSize, IReadOnlyList<ImageSize> Listed, IReadOnlyList<ImageSize> AlsoAccepted) : GatewaySizes
{
    public override string? Reject(ImageSize size, ModelRule upstream) =>
        Listed.Contains(size) || AlsoAccepted.Contains(size)
            ? null
            : $"The size {GatewaySize.Format(size)} is not supported by the model {upstream.Name}. Supported sizes: {string.Join(", ", Listed.Select(GatewaySize.Format))}.";

    public override ImageSize Default(ModelRule upstream) => DefaultSize;
}

/// <summary>
/// The model's DashScope rule (<see cref="ModelRule.Size"/>), <c>WxH</c> read as <c>W*H</c>: what "系统会自动转换为千问要求的格式"
/// (the gateway converts the size to Qwen's format) gives for the models the seed does not list sizes for.
/// </summary>
internal sealed record UpstreamSizes : GatewaySizes
{
    public static readonly UpstreamSizes Instance = new();

    public override string? Reject(ImageSize size, ModelRule upstream) =>
        upstream.UnsupportedParameters.Contains("size")
            ? $"The model {upstream.Name} takes no size: its output follows the last input image."
            : upstream.Size.Reject(size) is { } reason ? reason.Replace(size.ToString(), GatewaySize.Format(size), StringComparison.Ordinal) : null;

    public override ImageSize Default(ModelRule upstream) => upstream.Size.Default;
}
