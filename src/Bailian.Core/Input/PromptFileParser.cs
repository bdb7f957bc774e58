using System.Globalization;
using System.Text.RegularExpressions;

namespace Bailian.Input;

/// <summary>
/// The Python tool's prompt.txt (seed 000), read line by line as the tool reads it: each line trimmed; blank lines
/// and lines starting with <c>#</c> skipped; a line ending in <c>:</c> starts a block (<c>prompt:</c>,
/// <c>negative_prompt:</c>; the heading is case-insensitive); a line with <c>=</c> is a setting (<c>size</c>,
/// <c>prompt_extend</c>, <c>watermark</c>, <c>negative_prompt</c>, <c>n</c>), inside a block too; any other line is
/// text of the current block, its lines joined with one space. Without a <c>prompt:</c> block, a single line of text
/// is the prompt. Booleans take the tool's spellings (true/yes/1/on, false/no/0/off, any case).
/// <para>Where the tool silently drops or guesses — an unknown setting or heading (a prompt line with <c>=</c> or
/// ending in <c>:</c>), a boolean it would read as false, a setting given twice, text outside a block — this is an
/// error naming the line instead: the file does not say what it seems to, and nothing should be sent for it.</para>
/// </summary>
public static class PromptFileParser
{
    private const string PromptBlock = "prompt";
    private const string NegativeBlock = "negative_prompt";
    private static readonly string[] Settings = ["size", "prompt_extend", "watermark", "negative_prompt", "n"];
    private static readonly Regex SizeText = new(@"^([0-9]+)\s*[*xX\u00D7]\s*([0-9]+)$", RegexOptions.CultureInvariant);
    private static readonly Regex WholeNumber = new(@"^[0-9]+$", RegexOptions.CultureInvariant);
    // "prompt: a cat" or "prompt：" (a full-width colon): a heading written the way the tool does not read it.
    private static readonly Regex MisspelledHeading = new(@"^(prompt|negative_prompt)\s*([:\uFF1A])(.*)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>Parses the text of <paramref name="path"/> (already decoded, no BOM).</summary>
    /// <exception cref="PromptFileException">A line the format does not have, or no prompt; the message names the line.</exception>
    public static PromptFileRow Parse(string text, string path) => new State(path).Read(text);

    private sealed class State(string path)
    {
        private readonly List<string> _prompt = [];
        private readonly List<string> _negative = [];
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        private string? _block;
        private int? _promptLine;
        private int? _promptHeading;
        private int? _negativeLine;
        private string? _negativeSetting;
        private string? _size;
        private int? _count;
        private bool? _promptExtend;
        private bool? _watermark;

        public PromptFileRow Read(string text)
        {
            var lines = text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
            for (var i = 0; i < lines.Length; i++)
            {
                ReadLine(lines[i].Trim(), i + 1);
            }

            var prompt = string.Join(" ", _prompt).Trim();
            if (prompt.Length == 0)
            {
                throw _promptHeading is { } heading
                    ? Error(heading, "the prompt: block is empty: write the prompt on the lines after 'prompt:'.")
                    : new PromptFileException(path, null, "has no prompt: write 'prompt:' on a line of its own and the prompt on the lines after it, as the Python tool's prompt.txt does.");
            }

            var negative = _negativeSetting ?? string.Join(" ", _negative).Trim();
            return new PromptFileRow(path, _promptLine ?? 1, prompt)
            {
                NegativePrompt = negative.Length == 0 ? null : negative,
                Size = _size,
                Count = _count,
                PromptExtend = _promptExtend,
                Watermark = _watermark,
            };
        }

        private void ReadLine(string line, int number)
        {
            if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal))
            {
                return;
            }

            if (line.EndsWith(":", StringComparison.Ordinal))
            {
                StartBlock(line.Substring(0, line.Length - 1).ToLowerInvariant(), line, number);
            }
            else if (line.IndexOf('=') is var equals and >= 0)
            {
                Set(line.Substring(0, equals).Trim().ToLowerInvariant(), line.Substring(equals + 1).Trim(), line, number);
            }
            else
            {
                AddText(line, number);
            }
        }

        private void StartBlock(string name, string line, int number)
        {
            if (name != PromptBlock && name != NegativeBlock)
            {
                throw Error(number, $"'{line}' is not a heading this format has (prompt:, negative_prompt:). The Python tool reads every line " +
                    "that ends with ':' as a heading and drops the text under one it does not know; a line of the prompt must not end with ':'.");
            }

            Once(name + ":", number);
            if (name == PromptBlock && _promptLine is { } earlier)
            {
                throw Error(number, $"the prompt is already given by the text on line {earlier}: put that text under 'prompt:'.");
            }

            if (name == NegativeBlock && _negativeSetting is not null)
            {
                throw Error(number, $"the negative prompt is already given by negative_prompt= on line {_seen["negative_prompt"]}: keep one of the two.");
            }

            _block = name;
            if (name == PromptBlock)
            {
                _promptHeading = number;
            }
        }

        private void Set(string key, string value, string line, int number)
        {
            if (!Settings.Contains(key))
            {
                throw Error(number, $"'{line}' is not a setting this format has ({string.Join(", ", Settings.Select(s => s + "="))}). " +
                    "The Python tool reads every line with '=' as a setting, in a prompt: block too, and drops one it does not know; " +
                    "a line of the prompt must not contain '='.");
            }

            Once(key, number);
            if (value.Length == 0 && key != "negative_prompt")
            {
                throw Error(number, $"{key}= has no value.");
            }

            switch (key)
            {
                case "size":
                    _size = SizeText.Match(value) is { Success: true } size && Positive(size.Groups[1].Value) && Positive(size.Groups[2].Value)
                        ? $"{int.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture)}*{int.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture)}"
                        : throw Error(number, $"size '{value}' is not width*height, such as size=1664*928 (1664x928 works too). Comments go on a line of their own.");
                    break;
                case "n":
                    _count = WholeNumber.IsMatch(value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                        ? count
                        : throw Error(number, $"n '{value}' is not a whole number of images, such as n=1.");
                    break;
                case "prompt_extend":
                    _promptExtend = Boolean(key, value, number);
                    break;
                case "watermark":
                    _watermark = Boolean(key, value, number);
                    break;
                default:
                    if (_negativeLine is { } block)
                    {
                        throw Error(number, $"the negative prompt is already given by the negative_prompt: block (text on line {block}): keep one of the two.");
                    }

                    _negativeSetting = value;
                    break;
            }
        }

        private void AddText(string line, int number)
        {
            if (MisspelledHeading.Match(line) is { Success: true } heading && (heading.Groups[2].Value == "\uFF1A" || heading.Groups[3].Value.Trim().Length > 0))
            {
                var name = heading.Groups[1].Value.ToLowerInvariant();
                throw Error(number, heading.Groups[2].Value == "\uFF1A"
                    ? $"'{line}' ends its heading with a full-width colon '\uFF1A': write '{name}:' (ASCII), on a line of its own."
                    : $"write '{name}:' on a line of its own and the text on the lines after it; the Python tool reads '{line}' as text, heading included.");
            }

            switch (_block)
            {
                case PromptBlock:
                    _promptLine ??= number;
                    _prompt.Add(line);
                    break;
                case NegativeBlock:
                    _negativeLine ??= number;
                    _negative.Add(line);
                    break;
                case null when _promptLine is null && _promptHeading is null:
                    // The tool's shorthand: without a prompt: block, the first line of text is the prompt.
                    _promptLine = number;
                    _prompt.Add(line);
                    break;
                default:
                    throw Error(number, $"'{Shorten(line)}' is text outside a prompt: or negative_prompt: block (the prompt is the text on line {_promptLine ?? _promptHeading}); " +
                        "the Python tool would drop it. Put it under 'prompt:'.");
            }
        }

        private bool Boolean(string key, string value, int number) => value.ToLowerInvariant() switch
        {
            "true" or "yes" or "1" or "on" => true,
            "false" or "no" or "0" or "off" => false,
            _ => throw Error(number, $"{key} '{value}' is not a boolean: write true or false (yes/no, 1/0, on/off also work). " +
                "The Python tool would read it as false."),
        };

        private void Once(string key, int number)
        {
            if (_seen.TryGetValue(key, out var first))
            {
                throw Error(number, $"{key}{(key.EndsWith(":", StringComparison.Ordinal) ? "" : "=")} is given twice (first on line {first}): keep one.");
            }

            _seen[key] = number;
        }

        private static bool Positive(string digits) => int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;

        private static string Shorten(string line) => line.Length <= 40 ? line : line.Substring(0, 40) + "\u2026";

        private PromptFileException Error(int line, string problem) => new(path, line, problem);
    }
}
