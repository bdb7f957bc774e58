using System.Text.Json;
using System.Text.RegularExpressions;
using Bailian.Json;

namespace Bailian.Catalog;

/// <summary>
/// The models Bailian knows, read once from the embedded models.json. Names are matched
/// case-insensitively because users type them in CSV files.
/// </summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelInfo> _byName;

    private readonly IReadOnlyList<(Regex Pattern, EndpointGuessEntry Guess)> _guesses;

    private ModelCatalog(IEnumerable<ModelInfo> models, IEnumerable<EndpointGuessEntry> guesses)
    {
        _guesses = guesses.Select(g => (new Regex(g.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), g)).ToList();
        Models = models.ToList();
        _byName = Models.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
    }

    public static ModelCatalog Default { get; } = Load();

    public IReadOnlyList<ModelInfo> Models { get; }

    public bool TryGet(string name, out ModelInfo model)
    {
        var found = _byName.TryGetValue(name.Trim(), out var info);
        model = info!;
        return found;
    }

    /// <summary>
    /// For a model not in the catalog, the endpoint family its name suggests (models.json <c>endpointGuesses</c>:
    /// wanx* and wan2.0-2.5 are text2image tasks, *imageedit* and wan2.x-i2i image2image), with the reason; null
    /// when nothing matches, and the synchronous endpoint is used.
    /// </summary>
    public (EndpointFamily Family, string Why)? GuessEndpointFamily(string modelName)
    {
        foreach (var (pattern, guess) in _guesses)
        {
            if (pattern.IsMatch(modelName.Trim()))
            {
                return (guess.Family, guess.Why);
            }
        }

        return null;
    }

    internal static ModelCatalog Parse(Stream json)
    {
        var document = JsonSerializer.Deserialize(json, CatalogJsonContext.Default.CatalogDocument)
            ?? throw new InvalidDataException("The model catalog is empty.");
        var families = document.Families.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        return new ModelCatalog(document.Models.Select(m => families.TryGetValue(m.Family, out var family)
            ? new ModelInfo(m, family)
            : throw new InvalidDataException($"Model '{m.Name}' names unknown family '{m.Family}'.")), document.EndpointGuesses);
    }

    private static ModelCatalog Load()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("Bailian.Catalog.models.json")
            ?? throw new InvalidDataException("The embedded model catalog is missing from Bailian.Core.");
        return Parse(stream);
    }
}
