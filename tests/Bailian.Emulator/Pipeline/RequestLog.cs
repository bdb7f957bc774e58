namespace Bailian.Emulator.Pipeline;

/// <summary>Every request seen, in arrival order. Entries are added on arrival and completed when the answer starts.</summary>
internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RequestLogEntry> _entries = [];

    public RequestLogEntry Add(RecordedRequest arrived)
    {
        var entry = new RequestLogEntry(arrived);
        lock (_gate)
        {
            _entries.Add(entry);
        }

        return entry;
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        // Only the list is copied under the lock: a long log must not hold up every request arriving meanwhile.
        RequestLogEntry[] entries;
        lock (_gate)
        {
            entries = [.. _entries];
        }

        return Array.ConvertAll(entries, e => e.ToRecord());
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}

/// <summary>
/// One logged request whose status is filled in when the response starts, i.e. before the client can see any of
/// it: a test that reads the log right after its call returns never races the server. Also an HttpContext feature,
/// so a fault that drops the connection can say so.
/// </summary>
internal sealed class RequestLogEntry(RecordedRequest arrived)
{
    private const int Dropped = -1;
    private int _status;

    public void Answered(int statusCode) => Interlocked.CompareExchange(ref _status, statusCode, 0);

    public void MarkDropped() => Interlocked.Exchange(ref _status, Dropped);

    public RecordedRequest ToRecord()
    {
        var status = Volatile.Read(ref _status);
        return arrived with { StatusCode = status == Dropped ? 0 : status };
    }
}
