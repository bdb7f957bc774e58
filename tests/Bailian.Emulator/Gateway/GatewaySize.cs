using System.Globalization;
using Bailian.Emulator.Generation;

namespace Bailian.Emulator.Gateway;

/// <summary>The gateway's <c>size</c>: <c>WxH</c> with a lowercase x (seed 002: "使用 x 作为分隔符（如 1024x1024）").</summary>
internal static class GatewaySize
{
    public static bool TryParse(string text, out ImageSize size)
    {
        size = default;
        var x = text.IndexOf('x', StringComparison.Ordinal);
        if (x <= 0
            || !TryParseSide(text.AsSpan(0, x), out var width)
            || !TryParseSide(text.AsSpan(x + 1), out var height))
        {
            return false;
        }

        size = new ImageSize(width, height);
        return true;
    }

    /// <summary>How the gateway writes a size back (DashScope's <see cref="ImageSize.ToString"/> uses <c>*</c>).</summary>
    public static string Format(ImageSize size) => string.Create(CultureInfo.InvariantCulture, $"{size.Width}x{size.Height}");

    private static bool TryParseSide(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
