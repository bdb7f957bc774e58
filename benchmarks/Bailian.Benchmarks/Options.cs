using System.Globalization;

namespace Bailian.Benchmarks;

/// <summary>"--name value" pairs, with defaults.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        var list = args.ToList();
        for (var i = 0; i + 1 < list.Count; i += 2)
        {
            options._values[list[i].TrimStart('-')] = list[i + 1];
        }

        return options;
    }

    public int Whole(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Number(string name, double fallback) => _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
