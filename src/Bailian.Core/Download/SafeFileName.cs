using System.Text;
using System.Text.RegularExpressions;

namespace Bailian.Download;

/// <summary>
/// Turns any text (a prompt, a CSV name, a template) into a file name that is valid on Windows and
/// Linux alike: no path separators (so no escape from the target folder), no characters Windows
/// rejects, no device names like CON, and short enough for every file system.
/// </summary>
public static class SafeFileName
{
    /// <summary>Room for an extension and the temporary-file prefix within the common 255-byte limit.</summary>
    public const int MaxStemBytes = 150;

    private static readonly char[] WindowsInvalid = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];
    private static readonly string[] DeviceNames =
        ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
         "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
         "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    public static string Clean(string? text, string fallback = "image") => Clean(text, fallback, MaxStemBytes);

    /// <summary>As <see cref="Clean(string?, string)"/>, capped at <paramref name="maxBytes"/> of UTF-8.</summary>
    internal static string Clean(string? text, string fallback, int maxBytes)
    {
        var builder = new StringBuilder((text ?? "").Length);
        foreach (var c in text ?? "")
        {
            builder.Append(char.IsControl(c) || char.IsWhiteSpace(c) || WindowsInvalid.Contains(c) ? '_' : c);
        }

        var cleaned = Regex.Replace(builder.ToString(), "_{2,}", "_").Trim('_', '.', ' ');
        cleaned = CapUtf8(cleaned, maxBytes).TrimEnd('_', '.', ' ');
        if (cleaned.Length == 0)
        {
            return fallback;
        }

        // Windows treats "CON", "con.txt", "COM1.png" as devices, whatever follows the first dot.
        var firstPart = cleaned.Split('.')[0];
        return DeviceNames.Contains(firstPart, StringComparer.OrdinalIgnoreCase) ? "_" + cleaned : cleaned;
    }

    /// <summary>
    /// The first words of a prompt, as the original tool named files: up to the first punctuation
    /// mark, at most six words and 40 characters ("a red fox, watercolor" gives "a_red_fox").
    /// </summary>
    public static string PromptWords(string? prompt)
    {
        var clause = Regex.Split(prompt ?? "", @"[,.;:!?，。；：！？、\r\n]").FirstOrDefault(part => part.Trim().Length > 0) ?? "";
        var words = clause.Split([' ', '\t', '\u3000'], StringSplitOptions.RemoveEmptyEntries).Take(6);
        return Clean(CapCharacters(string.Join("_", words), 40), "image");
    }

    private static string CapCharacters(string text, int max)
    {
        var info = new System.Globalization.StringInfo(text);
        return info.LengthInTextElements <= max ? text : info.SubstringByTextElements(0, max);
    }

    // Linux limits names to 255 bytes of UTF-8, where a CJK character takes three.
    internal static string CapUtf8(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = 0;
        var length = 0;
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            bytes += Encoding.UTF8.GetByteCount(element);
            if (bytes > maxBytes)
            {
                break;
            }

            length += element.Length;
        }

        return text.Substring(0, length);
    }
}
