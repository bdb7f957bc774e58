namespace Bailian.Input;

/// <summary>
/// A prompt file that cannot be read as the Python tool's format (Bailian.PromptFileInvalid). The message starts
/// with the file and, where one line is at fault, its number: "<c>/work/a.txt, line 4: ...</c>".
/// </summary>
public sealed class PromptFileException : BailianException
{
    public PromptFileException(string path, int? line, string problem, BailianErrorCategory category = BailianErrorCategory.InvalidData)
        : base(ErrorIds.PromptFileInvalid, category, (line is { } n ? $"{path}, line {n}: " : $"{path}: ") + problem)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The line at fault (from 1), or null when the problem is the whole file (no prompt, unreadable).</summary>
    public int? Line { get; }
}
