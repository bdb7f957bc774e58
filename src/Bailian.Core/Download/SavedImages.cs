namespace Bailian.Download;

/// <summary>
/// The rows an earlier run already saved in a folder, found by their sidecars' row keys. A row counts as
/// done only when every image it asked for is there (a sidecar and its image file).
/// </summary>
public sealed class SavedImages
{
    private readonly Dictionary<string, List<ImageResult>> _byKey;

    private SavedImages(Dictionary<string, List<ImageResult>> byKey) => _byKey = byKey;

    public static SavedImages Load(string folder)
    {
        var byKey = new Dictionary<string, List<ImageResult>>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return new SavedImages(byKey);
        }

        foreach (var sidecarPath in Directory.EnumerateFiles(folder, "*.json"))
        {
            if (ImageSidecar.TryRead(sidecarPath) is { RowKey: { Length: > 0 } key } sidecar
                && Path.Combine(folder, sidecar.File) is var imagePath && File.Exists(imagePath))
            {
                (byKey.TryGetValue(key, out var list) ? list : byKey[key] = []).Add(sidecar.ToImageResult(imagePath));
            }
        }

        return new SavedImages(byKey);
    }

    public int RowCount => _byKey.Count;

    /// <summary>The saved images of a row, when all <paramref name="count"/> of them are there; else null.</summary>
    public IReadOnlyList<ImageResult>? Find(string rowKey, int count) =>
        _byKey.TryGetValue(rowKey, out var images) && images.Select(i => i.Index).Distinct().Count() >= count
            ? images.OrderBy(i => i.Index).ToList()
            : null;
}
