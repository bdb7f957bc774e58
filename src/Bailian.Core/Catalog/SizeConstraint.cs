using static System.FormattableString;
using System.Globalization;

namespace Bailian.Catalog;

/// <summary>
/// The sizes one model accepts: either a fixed list (qwen-image) or bounds on total pixels, side
/// length and aspect ratio (Wan, qwen-image-2.0). It also says so in words, for error messages.
/// </summary>
internal sealed class SizeConstraint
{
    private readonly List<ImageSize> _fixed;
    private readonly Range<long>? _pixels;
    private readonly Range<int>? _side;
    private readonly Range<double>? _ratio;

    public SizeConstraint(FamilyEntry family)
    {
        _fixed = (family.Sizes ?? []).Select(Parse).ToList();
        _pixels = family.Pixels;
        _side = family.Side;
        _ratio = family.Ratio;
        Examples = _fixed.Count > 0 ? _fixed : (family.RecommendedSizes ?? []).Select(Parse).ToList();
    }

    /// <summary>The fixed list, or recommended sizes where any size in range is allowed.</summary>
    public IReadOnlyList<ImageSize> Examples { get; }

    public bool IsFixedList => _fixed.Count > 0;

    public bool Allows(ImageSize size)
    {
        // The docs recommend a few sizes that sit just outside their own pixel range (wan2.6's 1104*1472
        // is under 1280*1280): a documented size is always accepted.
        if (Examples.Contains(size))
        {
            return true;
        }

        if (IsFixedList)
        {
            return false;
        }

        var ratio = (double)size.Width / size.Height;
        return (_pixels is null || (size.Pixels >= _pixels.Min && size.Pixels <= _pixels.Max))
            && (_side is null || (Within(size.Width, _side) && Within(size.Height, _side)))
            && (_ratio is null || (ratio >= _ratio.Min - 1e-9 && ratio <= _ratio.Max + 1e-9));
    }

    public string Describe()
    {
        if (IsFixedList)
        {
            return "one of " + string.Join(", ", _fixed);
        }

        var rules = new List<string>();
        if (_pixels is not null)
        {
            rules.Add(Invariant(
                $"total pixels from {SquareOrNumber(_pixels.Min)} to {SquareOrNumber(_pixels.Max)}"));
        }

        if (_side is not null)
        {
            rules.Add(Invariant($"each side from {_side.Min} to {_side.Max} px"));
        }

        if (_ratio is not null)
        {
            rules.Add($"aspect ratio from {RatioText(_ratio.Min)} to {RatioText(_ratio.Max)}");
        }

        var text = string.Join(", ", rules);
        return Examples.Count > 0 ? $"{text} (for example {string.Join(", ", Examples)})" : text;
    }

    private static bool Within(int value, Range<int> range) => value >= range.Min && value <= range.Max;

    private static ImageSize Parse(string text) =>
        ImageSize.TryParse(text, out var size) ? size : throw new FormatException($"Bad size '{text}' in the model catalog.");

    // 1638400 reads better as 1280*1280.
    private static string SquareOrNumber(long pixels)
    {
        var side = (long)Math.Round(Math.Sqrt(pixels));
        return side * side == pixels
            ? Invariant($"{side}*{side}")
            : pixels.ToString("N0", CultureInfo.InvariantCulture);
    }

    private static string RatioText(double ratio) => ratio >= 1
        ? Invariant($"{ratio:0.##}:1")
        : Invariant($"1:{1 / ratio:0.##}");
}
