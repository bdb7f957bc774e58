namespace Bailian;

/// <summary>
/// One prompt file of the Python tool (seed 000: a <c>prompt:</c> block, <c>size=</c>, <c>prompt_extend=</c>,
/// <c>watermark=</c>, an optional <c>negative_prompt:</c> block), as Import-BailianPrompt writes it. Its property
/// names are New-BailianImage's parameters, so the row binds by property name; a setting the file does not give
/// is null, which leaves the model's default (the tool's defaults, prompt_extend on and watermark off, are
/// DashScope's too). <see cref="SourceFile"/> and <see cref="SourceLine"/> say where it came from.
/// </summary>
public sealed class PromptFileRow
{
    internal PromptFileRow(string sourceFile, int sourceLine, string prompt)
    {
        SourceFile = sourceFile;
        SourceLine = sourceLine;
        Prompt = prompt;
    }

    /// <summary>The prompt: the lines of the <c>prompt:</c> block joined with a space, as the tool sends it.</summary>
    public string Prompt { get; }

    /// <summary>The <c>negative_prompt:</c> block (or <c>negative_prompt=</c> line), joined the same way; null when absent.</summary>
    public string? NegativePrompt { get; internal set; }

    /// <summary>Width*height as New-BailianImage takes it (<c>1664*928</c>; the file may write <c>1664x928</c>); null when absent.</summary>
    public string? Size { get; internal set; }

    /// <summary>Images to make, from an <c>n=</c> line; null when absent.</summary>
    public int? Count { get; internal set; }

    /// <summary>From <c>prompt_extend=</c>; null when absent.</summary>
    public bool? PromptExtend { get; internal set; }

    /// <summary>From <c>watermark=</c>; null when absent.</summary>
    public bool? Watermark { get; internal set; }

    /// <summary>The full path of the file read.</summary>
    public string SourceFile { get; }

    /// <summary>The line (from 1) where the prompt's text starts.</summary>
    public int SourceLine { get; }

    public override string ToString() => $"{SourceFile}, line {SourceLine}";
}
