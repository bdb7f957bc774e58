namespace Bailian.Download;

/// <summary>Recognises an image by its first bytes, not by what a URL or header claims.</summary>
public static class ImageFormat
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    public const int SignatureLength = 12;

    /// <summary>The file extension for PNG, JPEG or WEBP bytes; null for anything else.</summary>
    public static string? Detect(byte[] head, int count)
    {
        if (count >= 8 && head[0] == 0x89 && head[1] == 0x50 && head[2] == 0x4E && head[3] == 0x47
            && head[4] == 0x0D && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A)
        {
            return ".png";
        }

        if (count >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return ".jpg";
        }

        return count >= 12 && Ascii(head, 0, "RIFF") && Ascii(head, 8, "WEBP") ? ".webp" : null;
    }

    private static bool Ascii(byte[] bytes, int offset, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (bytes[offset + i] != (byte)text[i])
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsKnownExtension(string extension) =>
        extension.Equals(".png", StringComparison.OrdinalIgnoreCase)
        || extension.Equals(".jpg", StringComparison.OrdinalIgnoreCase)
        || extension.Equals(".webp", StringComparison.OrdinalIgnoreCase);
}
