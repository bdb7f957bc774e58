using System.Globalization;

namespace Bailian.Input;

/// <summary>
/// Rebuilds an ImageResult from loosely typed properties (a re-imported CSV, a custom object with a
/// Url), so Save-BailianImage names files the same way whatever it was given.
/// </summary>
public sealed class ImageFields
{
    private readonly Func<string, object?> _property;

    public ImageFields(Func<string, object?> property) => _property = property;

    public ImageResult ToImageResult(string url) => new()
    {
        Url = url,
        ExpiresAt = Generation.SignedUrl.ExpiresAt(url),
        Prompt = Text("Prompt") ?? "",
        Model = Text("Model") ?? "",
        Name = Text("Name"),
        Size = Text("Size"),
        TaskId = Text("TaskId"),
        RequestId = Text("RequestId"),
        Index = int.TryParse(Text("Index"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) ? index : 0,
        Seed = long.TryParse(Text("Seed"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : null,
        CreatedAt = _property("CreatedAt") switch
        {
            DateTimeOffset at => at.ToLocalTime(),
            DateTime at => new DateTimeOffset(at).ToLocalTime(),
            string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at) => at.ToLocalTime(),
            _ => default,
        },
    };

    private string? Text(string name) => _property(name) switch
    {
        null => null,
        string text => text.Length == 0 ? null : text,
        IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
        var value => value.ToString(),
    };
}
