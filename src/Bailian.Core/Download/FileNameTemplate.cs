using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace Bailian.Download;

/// <summary>
/// Expands Save-BailianImage's -FileName template, e.g. the default <c>{time}_{name}_{index}</c>.
/// Tokens: {time} (yyyyMMdd_HHmmss, local), {name} (the row's Name, else the prompt's first words),
/// {prompt}, {index}, {seed}, {model}, {size}, {taskid}, {requestid}. The extension comes from the
/// image bytes, so one written in the template is dropped.
/// </summary>
public static class FileNameTemplate
{
    public const string Default = "{time}_{name}_{index}";

    private static readonly string[] Tokens = ["time", "name", "prompt", "index", "seed", "model", "size", "taskid", "requestid"];
    private static readonly Regex TokenPattern = new(@"\{(\w+)\}", RegexOptions.CultureInvariant);

    /// <summary>Rejects unknown tokens up front, before anything is downloaded.</summary>
    public static void Validate(string template)
    {
        var unknown = TokenPattern.Matches(template).Cast<Match>()
            .Select(m => m.Groups[1].Value)
            .Where(token => !Tokens.Contains(token, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (unknown.Count > 0 || string.IsNullOrWhiteSpace(template))
        {
            throw new BailianValidationException("Bailian.InvalidFileName",
                $"-FileName '{template}' " + (unknown.Count > 0 ? $"has unknown token(s) {{{string.Join("}, {", unknown)}}}" : "is empty") +
                $". Tokens: {{{string.Join("}, {", Tokens)}}}.");
        }
    }

    /// <summary>The file name without extension, safe for Windows and Linux.</summary>
    public static string Expand(string template, ImageResult image, DateTimeOffset now)
    {
        Validate(template);
        var withoutExtension = Regex.Replace(template, @"\.(png|jpe?g|webp)$", "", RegexOptions.IgnoreCase);
        var expanded = TokenPattern.Replace(withoutExtension, match => SafeFileName.Clean(Value(match.Groups[1].Value, image, now), ""));
        return SafeFileName.Clean(expanded);
    }

    private static string Value(string token, ImageResult image, DateTimeOffset now) => token.ToUpperInvariant() switch
    {
        "TIME" => (image.CreatedAt == default ? now : image.CreatedAt).ToLocalTime().ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture),
        "NAME" => string.IsNullOrWhiteSpace(image.Name) ? SafeFileName.PromptWords(image.Prompt) : image.Name!,
        "PROMPT" => SafeFileName.PromptWords(image.Prompt),
        "INDEX" => image.Index.ToString(CultureInfo.InvariantCulture),
        "SEED" => image.Seed?.ToString(CultureInfo.InvariantCulture) ?? "",
        "MODEL" => image.Model,
        "SIZE" => image.Size?.Replace('*', 'x') ?? "",
        "TASKID" => image.TaskId ?? "",
        _ => image.RequestId ?? "",
    };
}
