using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Bailian.Generation;

namespace Bailian.Download;

/// <summary>
/// Expands Save-BailianImage's -FileName template, e.g. the default <c>{time}_{name}_{index}_{id}</c>.
/// Tokens: {time} (yyyyMMdd_HHmmss, local), {name} (the row's Name, else the prompt's first words),
/// {prompt}, {index}, {id} (8 hex digits of the image's own URL), {seed}, {model}, {size}, {taskid},
/// {requestid}. The extension comes from the image bytes, so one written in the template is dropped.
/// </summary>
/// <remarks>
/// The default must give every image a name of its own: {time} has one-second resolution, and rows
/// finishing in the same second, rows sharing a name, duplicate rows and two runs (or two processes)
/// saving into one folder all used to collide. {id} is what tells images apart; {time} and {name} keep
/// the name readable and sortable.
/// </remarks>
public static class FileNameTemplate
{
    public const string Default = "{time}_{name}_{index}_{id}";

    private static readonly string[] Tokens = ["time", "name", "prompt", "index", "id", "seed", "model", "size", "taskid", "requestid"];

    // Free text, which gives way first when a name is too long, so the byte cap never cuts what tells images apart.
    private static readonly string[] Shrinkable = ["name", "prompt"];

    private static readonly Regex TokenPattern = new(@"\{(\w+)\}", RegexOptions.CultureInvariant);

    // A stem the default template made: {time} (yyyyMMdd_HHmmss), {name}, {index}, {id} (8 hex digits).
    private static readonly Regex DefaultStem = new(@"^\d{8}_\d{6}_(?<name>.+)_\d+_[0-9a-f]{8}$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The name a file was saved under by the default template ("20261130_164331_lighthouse_0_57d6392c" gives
    /// "lighthouse"), so an edit of it is named after the picture, not after its time, index and id again; any other
    /// stem as it is.
    /// </summary>
    public static string NameOfSaved(string stem) => DefaultStem.Match(stem) is { Success: true } saved ? saved.Groups["name"].Value : stem;

    /// <summary>Rejects unknown tokens up front, before anything is downloaded.</summary>
    public static void Validate(string template)
    {
        var unknown = TokenPattern.Matches(template).Cast<Match>()
            .Select(m => m.Groups[1].Value)
            .Where(token => !Tokens.Contains(token, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (unknown.Count > 0 || string.IsNullOrWhiteSpace(template))
        {
            throw new BailianValidationException(ErrorIds.InvalidFileName,
                $"-FileName '{template}' " + (unknown.Count > 0 ? $"has unknown token(s) {{{string.Join("}, {", unknown)}}}" : "is empty") +
                $". Tokens: {{{string.Join("}, {", Tokens)}}}.");
        }
    }

    /// <summary>The file name without extension, safe for Windows and Linux, at most <see cref="SafeFileName.MaxStemBytes"/> bytes.</summary>
    public static string Expand(string template, ImageResult image, DateTimeOffset now)
    {
        Validate(template);
        var withoutExtension = Regex.Replace(template, @"\.(png|jpe?g|webp)$", "", RegexOptions.IgnoreCase);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in TokenPattern.Matches(withoutExtension))
        {
            values[match.Groups[1].Value] = SafeFileName.Clean(Value(match.Groups[1].Value, image, now), "");
        }

        string Build() => SafeFileName.Clean(TokenPattern.Replace(withoutExtension, match => values[match.Groups[1].Value]), "image", int.MaxValue);

        // Over the cap, shorten the longest free text by the excess (each pass shortens one, so this ends),
        // instead of cutting the end of the name, where {index} and {id} are.
        var stem = Build();
        while (Utf8Bytes(stem) > SafeFileName.MaxStemBytes
               && values.Where(v => Shrinkable.Contains(v.Key, StringComparer.OrdinalIgnoreCase) && v.Value.Length > 0)
                   .OrderByDescending(v => Utf8Bytes(v.Value)).FirstOrDefault() is { Key: { } longest, Value: { } text })
        {
            var keep = Math.Max(0, Utf8Bytes(text) - (Utf8Bytes(stem) - SafeFileName.MaxStemBytes));
            values[longest] = SafeFileName.CapUtf8(text, keep).TrimEnd('_', '.', ' ');
            stem = Build();
        }

        return SafeFileName.Clean(stem);
    }

    /// <summary>
    /// What identifies an image: its URL, without the signature when it has one (a signature changes each
    /// time DashScope hands the URL out; the object it points at does not). Two images never share one. An image that
    /// came as bytes (a gateway's b64_json) has no URL: its identity is a hash of the bytes.
    /// </summary>
    internal static string Identity(ImageResult image) =>
        image.Bytes is { } bytes && image.Url.Length == 0 ? "bytes:" + Hex(bytes)
        : Uri.TryCreate(image.Url, UriKind.Absolute, out var uri)
            ? SignedUrl.ExpiresAt(image.Url) is null ? uri.AbsoluteUri : uri.GetLeftPart(UriPartial.Path)
            : $"{image.TaskId ?? image.RequestId}|{image.Index.ToString(CultureInfo.InvariantCulture)}|{image.Url}";

    // 32 bits of SHA-256: two images share an {id} about once in 4 billion pairs, and would also need the
    // same {time} second, {name} and {index} to share a default name (the rename would still never overwrite).
    private static string ShortId(ImageResult image)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(Identity(image)));
        return string.Concat(hash.Take(4).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static string Hex(byte[] bytes)
    {
        using var sha = SHA256.Create();
        return string.Concat(sha.ComputeHash(bytes).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static int Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    private static string Value(string token, ImageResult image, DateTimeOffset now) => token.ToUpperInvariant() switch
    {
        "TIME" => (image.CreatedAt == default ? now : image.CreatedAt).ToLocalTime().ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture),
        "NAME" => string.IsNullOrWhiteSpace(image.Name) ? SafeFileName.PromptWords(image.Prompt) : image.Name!,
        "PROMPT" => SafeFileName.PromptWords(image.Prompt),
        "INDEX" => image.Index.ToString(CultureInfo.InvariantCulture),
        "ID" => ShortId(image),
        "SEED" => image.Seed?.ToString(CultureInfo.InvariantCulture) ?? "",
        "MODEL" => image.Model,
        "SIZE" => image.Size?.Replace('*', 'x') ?? "",
        "TASKID" => image.TaskId ?? "",
        _ => image.RequestId ?? "",
    };
}
