using System.Text.RegularExpressions;

namespace Bailian.Images;

/// <summary>Reads a CSV cell that names several images: "a.png;b.png" or "a.png | https://x/b.png".</summary>
public static class ImageList
{
    // A ';' inside a data URI ("data:image/png;base64,") is not a separator.
    private static readonly Regex Separator = new(@"\||;(?!\s*base64,)", RegexOptions.CultureInvariant);

    public static IReadOnlyList<string> Split(string cell) =>
        Separator.Split(cell).Select(part => part.Trim()).Where(part => part.Length > 0).ToList();
}
