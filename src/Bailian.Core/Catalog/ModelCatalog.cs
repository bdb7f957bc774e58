using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Bailian.Json;

namespace Bailian.Catalog;

/// <summary>
/// The models Bailian knows, read once from the embedded models.json. Names are matched
/// case-insensitively because users type them in CSV files.
/// </summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelInfo> _byName;

    private ModelCatalog(IEnumerable<ModelInfo> models)
    {
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

    internal static ModelCatalog Parse(Stream json)
    {
        var document = JsonSerializer.Deserialize(json, CatalogJsonContext.Default.CatalogDocument)
            ?? throw new InvalidDataException("The model catalog is empty.");
        var families = document.Families.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        return new ModelCatalog(document.Models.Select(m => families.TryGetValue(m.Family, out var family)
            ? new ModelInfo(m, family)
            : throw new InvalidDataException($"Model '{m.Name}' names unknown family '{m.Family}'.")));
    }

    private static ModelCatalog Load()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("Bailian.Catalog.models.json")
            ?? throw new InvalidDataException("The embedded model catalog is missing from Bailian.Core.");
        return Parse(stream);
    }
}
