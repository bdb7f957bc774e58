using static System.FormattableString;
using System.Globalization;

namespace Bailian;

/// <summary>
/// A width*height pair. DashScope wants <c>W*H</c>; users also type <c>WxH</c> or <c>W×H</c>,
/// so all three parse and <see cref="ToString"/> gives the API's form.
/// </summary>
public readonly struct ImageSize : IEquatable<ImageSize>
{
    private static readonly char[] Separators = ['*', 'x', 'X', '×'];

    public ImageSize(int width, int height)
    {
        Width = width;
        Height = height;
    }

    public int Width { get; }
    public int Height { get; }
    public long Pixels => (long)Width * Height;

    public static bool TryParse(string? text, out ImageSize size)
    {
        size = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text!.Split(Separators);
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || width <= 0 || height <= 0)
        {
            return false;
        }

        size = new ImageSize(width, height);
        return true;
    }

    public override string ToString() => Invariant($"{Width}*{Height}");

    public bool Equals(ImageSize other) => Width == other.Width && Height == other.Height;
    public override bool Equals(object? obj) => obj is ImageSize other && Equals(other);
    public override int GetHashCode() => (Width * 397) ^ Height;
    public static bool operator ==(ImageSize left, ImageSize right) => left.Equals(right);
    public static bool operator !=(ImageSize left, ImageSize right) => !left.Equals(right);
}
