using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Bailian.Work;

namespace Bailian.Tests.Support;

/// <summary>Keeps every message Core logs, for assertions (e.g. that no key is ever logged).</summary>
public sealed class RecordingLog : IBailianLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public void Verbose(string message) => _lines.Enqueue("VERBOSE: " + message);

    public void Warning(string message) => _lines.Enqueue("WARNING: " + message);
}
