using System.Globalization;

namespace Bailian.Emulator.Generation;

/// <summary>An output size, written <c>W*H</c> as DashScope does (an <c>x</c> is a 400 on the real API too).</summary>
internal readonly record struct ImageSize(int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    public static bool TryParse(string text, out ImageSize size)
    {
        size = default;
        var star = text.IndexOf('*', StringComparison.Ordinal);
        if (star <= 0
            || !TryParseSide(text.AsSpan(0, star), out var width)
            || !TryParseSide(text.AsSpan(star + 1), out var height))
        {
            return false;
        }

        size = new ImageSize(width, height);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}*{Height}");

    private static bool TryParseSide(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
