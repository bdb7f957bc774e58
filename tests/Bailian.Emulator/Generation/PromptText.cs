namespace Bailian.Emulator.Generation;

/// <summary>Prompt length rules: over-long text is silently cut, not rejected (API doc §5).</summary>
internal static class PromptText
{
    // Each character counts once, whatever its UTF-16 length (API doc §5); a surrogate pair is never split.
    public static string Truncate(string text, int maxChars)
    {
        var kept = 0;
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (kept == maxChars)
            {
                return text[..length];
            }

            kept++;
            length += rune.Utf16SequenceLength;
        }

        return text;
    }
}
