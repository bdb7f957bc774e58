using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Bailian.HelpGen;

/// <summary>The prose of one cmdlet's help in one language.</summary>
internal sealed class CommandDoc(string name)
{
    public string Name { get; } = name;
    public List<string> Synopsis { get; } = [];
    public List<string> Description { get; } = [];
    public Dictionary<string, List<string>> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<(string Type, List<string> Text)> Inputs { get; } = [];
    public List<(string Type, List<string> Text)> Outputs { get; } = [];
    public List<string> Notes { get; } = [];
    public List<Example> Examples { get; } = [];
    public List<string> Links { get; } = [];
}

internal sealed record Example(string Title, StringBuilder Code, List<string> Remarks);

internal sealed class HelpSourceException(string file, int line, string message) : Exception(message)
{
    public string File { get; } = file;
    public int Line { get; } = line;
}

/// <summary>
/// Reads src/Bailian/Help/&lt;culture&gt;/&lt;Cmdlet&gt;.md: "# Name", then "## SYNOPSIS", "## DESCRIPTION",
/// "## PARAMETERS" (one "### -Name" each), "## INPUTS" and "## OUTPUTS" (one "### Type" each), "## NOTES",
/// "## EXAMPLES" (one "### Title" each: a ```powershell block, then remarks), "## RELATED LINKS" ("- Name" lines).
/// Blank lines separate paragraphs; each "- " line is a paragraph of its own.
/// </summary>
internal static class HelpMarkdown
{
    public static CommandDoc Parse(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0 || !lines[0].StartsWith("# ", StringComparison.Ordinal))
        {
            throw new HelpSourceException(path, 1, "the first line must be '# <cmdlet name>'.");
        }

        var doc = new CommandDoc(lines[0][2..].Trim());
        string section = "";
        List<string>? text = null;
        Example? example = null;
        var inCode = false;
        var paragraph = new StringBuilder();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (inCode)
            {
                if (line.TrimEnd() == "```")
                {
                    inCode = false;
                }
                else
                {
                    example!.Code.Append(example.Code.Length == 0 ? "" : "\n").Append(line);
                }

                continue;
            }

            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (example is null || example.Code.Length > 0)
                {
                    throw new HelpSourceException(path, i + 1, "a code block belongs under an example ('### Title' in '## EXAMPLES'), one per example.");
                }

                Flush();
                inCode = true;
                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                section = line[3..].Trim().ToUpperInvariant();
                example = null;
                text = section switch
                {
                    "SYNOPSIS" => doc.Synopsis,
                    "DESCRIPTION" => doc.Description,
                    "NOTES" => doc.Notes,
                    "PARAMETERS" or "INPUTS" or "OUTPUTS" or "EXAMPLES" or "RELATED LINKS" => null,
                    _ => throw new HelpSourceException(path, i + 1, $"unknown section '{line}'."),
                };
                continue;
            }

            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                Flush();
                var title = line[4..].Trim();
                text = [];
                switch (section)
                {
                    case "PARAMETERS" when title.StartsWith('-'):
                        doc.Parameters[title[1..]] = text;
                        break;
                    case "INPUTS":
                        doc.Inputs.Add((title, text));
                        break;
                    case "OUTPUTS":
                        doc.Outputs.Add((title, text));
                        break;
                    case "EXAMPLES":
                        example = new Example(title, new StringBuilder(), text);
                        doc.Examples.Add(example);
                        break;
                    default:
                        throw new HelpSourceException(path, i + 1, $"'{line}' is not expected in section '{section}'.");
                }

                continue;
            }

            if (section == "RELATED LINKS")
            {
                if (line.StartsWith("- ", StringComparison.Ordinal))
                {
                    doc.Links.Add(line[2..].Trim());
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(line) || line.StartsWith("- ", StringComparison.Ordinal))
            {
                Flush();
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                if (text is null)
                {
                    throw new HelpSourceException(path, i + 1, $"text outside any entry of section '{section}'.");
                }

                paragraph.Append(paragraph.Length == 0 ? "" : " ").Append(line.Trim());
            }
        }

        if (inCode)
        {
            throw new HelpSourceException(path, lines.Length, "a code block is never closed.");
        }

        Flush();
        return doc;

        void Flush()
        {
            if (paragraph.Length > 0)
            {
                text!.Add(paragraph.ToString());
                paragraph.Clear();
            }
        }
    }
}
