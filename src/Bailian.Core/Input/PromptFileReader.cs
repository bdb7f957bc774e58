using System.Text;

namespace Bailian.Input;

/// <summary>
/// Reads a prompt file of the Python tool from disk. The tool opens it as UTF-8; here a UTF-8 BOM is dropped (the
/// tool would read it as part of the first line), and a UTF-16 file with its BOM (what Windows PowerShell 5.1's
/// <c>&gt;</c> and Out-File write) is read too. Anything else that is not UTF-8 — typically GB18030, what Notepad
/// saves as "ANSI" on Chinese Windows — is an error naming the line, never text with replacement characters.
/// </summary>
public static class PromptFileReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and parses <paramref name="path"/> (a full file system path).</summary>
    /// <exception cref="PromptFileException">The file cannot be read, is not UTF-8, or is not in the tool's format.</exception>
    public static PromptFileRow Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new PromptFileException(path, null, "is a folder: give its prompt files (Get-ChildItem <folder> -Filter *.txt | Import-BailianPrompt).", BailianErrorCategory.InvalidArgument);
        }

        if (!File.Exists(path))
        {
            throw new PromptFileException(path, null, "does not exist.", BailianErrorCategory.ObjectNotFound);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PromptFileException(path, null, $"cannot be read: {e.Message}", BailianErrorCategory.ResourceUnavailable);
        }

        var text = Decode(bytes, path);
        // UTF-16 without a BOM is valid UTF-8 byte for byte, every other character a NUL: say so, not "p r o m p t :".
        if (text.IndexOf('\0') is var nul and >= 0)
        {
            throw new PromptFileException(path, 1 + text.Take(nul).Count(c => c == '\n'),
                "holds NUL characters: it is probably UTF-16 without a byte order mark. Save it as UTF-8, as the Python tool reads it.");
        }

        return PromptFileParser.Parse(text, path);
    }

    /// <summary>The text of the file's bytes, without a byte order mark.</summary>
    /// <exception cref="PromptFileException">The bytes are not UTF-8 (and start with no UTF-16 BOM).</exception>
    public static string Decode(byte[] bytes, string path)
    {
        if (StartsWith(bytes, 0xEF, 0xBB, 0xBF))
        {
            return Utf8(bytes, 3, path);
        }

        if (StartsWith(bytes, 0xFF, 0xFE))
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (StartsWith(bytes, 0xFE, 0xFF))
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        return Utf8(bytes, 0, path);
    }

    private static string Utf8(byte[] bytes, int start, string path)
    {
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            // e.Index counts from the start of the decoded range; the line is the number of LF bytes before it, plus one.
            var offset = start + Math.Max(0, e.Index);
            var line = 1 + bytes.Take(offset).Count(b => b == (byte)'\n');
            throw new PromptFileException(path, line,
                $"is not UTF-8 (byte 0x{bytes[Math.Min(offset, bytes.Length - 1)]:X2} at offset {offset}), and the Python tool reads prompt files as UTF-8. " +
                "Save it as UTF-8: a file saved as \"ANSI\" on Chinese Windows is GB18030, which would turn every Chinese character into garbage.");
        }
    }

    private static bool StartsWith(byte[] bytes, params byte[] prefix) =>
        bytes.Length >= prefix.Length && prefix.Select((b, i) => bytes[i] == b).All(same => same);
}
