using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bailian.Connection;

/// <summary>
/// The Python tool's config.json (seed 000): <c>{"DASHSCOPE_API_KEY": "sk-…", "MODEL": "qwen-image-max"}</c>, read
/// for Connect-Bailian -ConfigFile. As the tool reads it: names are case-sensitive, DASHSCOPE_API_KEY is required,
/// MODEL defaults to qwen-image-max, other names are unused. The seed's own example has <c>//</c> comments, which
/// Python's json module refuses; they (and trailing commas) are allowed here. The key is trimmed like the other
/// key sources (<see cref="ApiKeyResolver"/>) and never appears in a message.
/// </summary>
public sealed class PythonToolConfig
{
    /// <summary>The model the tool uses when MODEL is absent.</summary>
    public const string DefaultModel = "qwen-image-max";

    private const string KeyName = "DASHSCOPE_API_KEY";
    private const string ModelName = "MODEL";
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    // The tool's templates: "sk-" followed by 24 x's, and "sk-你的实际api密钥" ("your real api key").
    private static readonly Regex Placeholder = new(@"^sk-x+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private PythonToolConfig(string path, string apiKey, string model, bool modelGiven, IReadOnlyList<string> unused)
    {
        Path = path;
        ApiKey = apiKey;
        Model = model;
        ModelGiven = modelGiven;
        Unused = unused;
    }

    public string Path { get; }

    /// <summary>The key, trimmed. Internal: only the session holds it.</summary>
    internal string ApiKey { get; }

    /// <summary>MODEL, or <see cref="DefaultModel"/> when the file has none.</summary>
    public string Model { get; }

    /// <summary>False when MODEL is absent and <see cref="Model"/> is the tool's default.</summary>
    public bool ModelGiven { get; }

    /// <summary>Names in the file the tool does not read (e.g. "model" in the wrong case).</summary>
    public IReadOnlyList<string> Unused { get; }

    /// <summary>A session with this file's key and model, and the given region, endpoint and workspace.</summary>
    public BailianSession ToSession(string? region, string? endpoint, string? workspace) => new(ApiKey, region, endpoint, workspace, Model);

    /// <summary>Reads <paramref name="path"/> (a full file system path).</summary>
    /// <exception cref="BailianConfigurationException">Bailian.ConfigFileInvalid: missing, unreadable, not JSON, no usable key or model.</exception>
    public static PythonToolConfig Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw Invalid(path, "it is a folder, not a file: give the path of config.json.");
        }

        if (!File.Exists(path))
        {
            throw Invalid(path, "it does not exist.");
        }

        string text;
        try
        {
            var bytes = File.ReadAllBytes(path);
            var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            text = StrictUtf8.GetString(bytes, bom, bytes.Length - bom);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, $"it cannot be read: {e.Message}");
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(path, "it is not UTF-8: save it as UTF-8, as the Python tool reads it.");
        }

        return Parse(text, path);
    }

    /// <summary>Reads the JSON text of a config file; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="BailianConfigurationException">Bailian.ConfigFileInvalid.</exception>
    public static PythonToolConfig Parse(string text, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            // Not e.Message: it quotes the text it stopped at, which may be part of the key.
            throw Invalid(path, $"it is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of the line). It should look like " +
                "{ \"DASHSCOPE_API_KEY\": \"sk-...\", \"MODEL\": \"qwen-image-max\" }.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "it is not a JSON object such as { \"DASHSCOPE_API_KEY\": \"sk-...\", \"MODEL\": \"qwen-image-max\" }.");
            }

            var properties = document.RootElement.EnumerateObject().ToList();
            var key = Last(properties, KeyName) is { } keyValue
                ? Text(keyValue, KeyName, path)
                : throw Invalid(path, $"it has no {KeyName}: add \"{KeyName}\": \"sk-...\" with a key of the region you call (names are case-sensitive).");
            if (key.Length == 0)
            {
                throw Invalid(path, $"{KeyName} is empty: put your DashScope API key there.");
            }

            if (Placeholder.IsMatch(key) || key.Any(c => c > '\u007E' || c < '\u0021'))
            {
                throw Invalid(path, $"{KeyName} holds the template's placeholder (or characters no key has), not a key: put your DashScope API key there.");
            }

            var model = Last(properties, ModelName) is { } modelValue ? Text(modelValue, ModelName, path) : null;
            if (model is { Length: 0 })
            {
                throw Invalid(path, $"{ModelName} is empty: name a model, such as qwen-image-max (Get-BailianModel lists them), or leave {ModelName} out.");
            }

            var unused = properties.Select(p => p.Name).Where(n => n != KeyName && n != ModelName).Distinct().ToList();
            return new PythonToolConfig(path, key, model ?? DefaultModel, model is not null, unused);
        }
    }

    // Python's json module keeps the last of duplicate names.
    private static JsonElement? Last(List<JsonProperty> properties, string name)
    {
        JsonElement? found = null;
        foreach (var property in properties.Where(p => p.Name == name))
        {
            found = property.Value;
        }

        return found;
    }

    private static string Text(JsonElement value, string name, string path) => value.ValueKind == JsonValueKind.String
        ? value.GetString()!.Trim()
        : throw Invalid(path, $"{name} is {value.ValueKind.ToString().ToLowerInvariant()}, not a string in quotes.");

    private static BailianConfigurationException Invalid(string path, string problem) =>
        new(ErrorIds.ConfigFileInvalid, $"Config file '{path}': {problem}");
}
