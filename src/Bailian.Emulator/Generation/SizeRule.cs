using System.Globalization;

namespace Bailian.Emulator.Generation;

/// <summary>Which sizes a model accepts, and its default.</summary>
internal abstract record SizeRule(ImageSize Default)
{
    /// <summary>Why <paramref name="size"/> is rejected, or null when it is fine.</summary>
    public abstract string? Reject(ImageSize size);

    /// <summary>Sizes a model accepts by name (wan2.6-image's <c>1K</c>/<c>2K</c>); none by default.</summary>
    public virtual bool TryResolveName(string name, out ImageSize size)
    {
        size = default;
        return false;
    }
}

/// <summary>A fixed list, as for the legacy qwen-image family (API doc §5.1).</summary>
internal sealed record FixedSizes(ImageSize Default, IReadOnlyList<ImageSize> Allowed) : SizeRule(Default)
{
    public override string? Reject(ImageSize size) =>
        Allowed.Contains(size)
            ? null
            : $"The size {size} is not supported. Supported sizes: {string.Join(", ", Allowed)}.";
}

/// <summary>
/// A range of total pixels, optionally with an aspect-ratio bound (<paramref name="MaxRatio"/> n means within
/// 1:n to n:1; 0 means unbounded), as for qwen-image-2.0 and Wan (API doc §5.3, §5.6).
/// </summary>
internal sealed record PixelRange(ImageSize Default, ImageSize Min, ImageSize Max, int MaxRatio = 0) : SizeRule(Default)
{
    /// <summary>Named sizes (e.g. <c>1K</c>) the model also accepts.</summary>
    public IReadOnlyDictionary<string, ImageSize> Names { get; init; } = new Dictionary<string, ImageSize>();

    /// <summary>Sizes accepted even though they fall outside the range (documented recommendations).</summary>
    public IReadOnlyList<ImageSize> AlsoAccepted { get; init; } = [];

    public override string? Reject(ImageSize size)
    {
        if (AlsoAccepted.Contains(size))
        {
            return null;
        }

        if (size.Pixels < Min.Pixels || size.Pixels > Max.Pixels)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"The size {size} is out of range: the total pixels must be between {Min} and {Max}.");
        }

        if (MaxRatio > 0 && ((long)size.Width > (long)size.Height * MaxRatio || (long)size.Height > (long)size.Width * MaxRatio))
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"The size {size} is out of range: the aspect ratio must be between 1:{MaxRatio} and {MaxRatio}:1.");
        }

        return null;
    }

    public override bool TryResolveName(string name, out ImageSize size) => Names.TryGetValue(name, out size);
}

/// <summary>Each side within [<paramref name="MinSide"/>, <paramref name="MaxSide"/>], as for wan2.2 and older Wan (API doc §5.5).</summary>
internal sealed record SideRange(ImageSize Default, int MinSide, int MaxSide) : SizeRule(Default)
{
    public override string? Reject(ImageSize size) =>
        size.Width < MinSide || size.Width > MaxSide || size.Height < MinSide || size.Height > MaxSide
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"The size {size} is out of range: the width and height must each be between {MinSide} and {MaxSide}.")
            : null;
}
