using System.Globalization;

namespace Bailian.Emulator.Generation;

/// <summary>Which sizes a model accepts, and its default.</summary>
internal abstract record SizeRule(ImageSize Default)
{
    // Edited outputs have sides in multiples of 16, as the service's own defaults do (e.g. 1664*928).
    private const int Multiple = 16;

    /// <summary>Why <paramref name="size"/> is rejected, or null when it is fine.</summary>
    public abstract string? Reject(ImageSize size);

    /// <summary>
    /// An accepted size of about <paramref name="pixels"/> pixels at <paramref name="ratio"/> (width over height),
    /// sides in multiples of 16: how an edit's default output keeps the shape of its last input (API doc §5.2).
    /// </summary>
    public abstract ImageSize FitRatio(double ratio, long pixels);

    /// <summary>Sizes a model accepts by name (wan2.6-image's <c>1K</c>/<c>2K</c>); none by default.</summary>
    public virtual bool TryResolveName(string name, out ImageSize size)
    {
        size = default;
        return false;
    }

    protected static ImageSize Near(double ratio, long pixels, Func<double, int> round)
    {
        var width = Math.Sqrt(pixels * ratio);
        return new ImageSize(round(width), round(width / ratio));
    }

    protected static int Nearest(double side) => Math.Max(Multiple, (int)Math.Round(side / Multiple, MidpointRounding.AwayFromZero) * Multiple);

    protected static int Below(double side) => Math.Max(Multiple, (int)Math.Floor(side / Multiple) * Multiple);

    protected static int Above(double side) => (int)Math.Ceiling(side / Multiple) * Multiple;
}

/// <summary>A fixed list, as for the legacy qwen-image family (API doc §5.1).</summary>
internal sealed record FixedSizes(ImageSize Default, IReadOnlyList<ImageSize> Allowed) : SizeRule(Default)
{
    public override string? Reject(ImageSize size) =>
        Allowed.Contains(size)
            ? null
            : $"The size {size} is not supported. Supported sizes: {string.Join(", ", Allowed)}.";

    // A fixed list has no free sizes: the listed one whose shape is closest.
    public override ImageSize FitRatio(double ratio, long pixels) =>
        Allowed.MinBy(s => Math.Abs(Math.Log((double)s.Width / s.Height) - Math.Log(ratio)));
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

    // Rounded to the nearest multiples unless that leaves the pixel range; a ratio past the bound is cut to it.
    public override ImageSize FitRatio(double ratio, long pixels)
    {
        var bounded = MaxRatio > 0 ? Math.Clamp(ratio, 1.0 / MaxRatio, MaxRatio) : ratio;
        var size = Near(bounded, pixels, Nearest);
        if (size.Pixels > Max.Pixels)
        {
            size = Near(bounded, pixels, Below);
        }
        else if (size.Pixels < Min.Pixels)
        {
            size = Near(bounded, pixels, Above);
        }

        return Reject(size) is null ? size : Default;
    }
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

    // A very long or tall input gives a side past the range: it is capped there, and the ratio gives way.
    public override ImageSize FitRatio(double ratio, long pixels)
    {
        var size = Near(ratio, pixels, Nearest);
        return new ImageSize(Math.Clamp(size.Width, MinSide, MaxSide), Math.Clamp(size.Height, MinSide, MaxSide));
    }
}
