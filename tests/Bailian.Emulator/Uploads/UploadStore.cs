namespace Bailian.Emulator.Uploads;

/// <summary>An uploaded file: what the control API shows, and its bytes.</summary>
internal sealed record StoredObject(UploadedObject Info, byte[] Content);

/// <summary>
/// The temporary storage's objects, in memory, each living 48 hours by the emulator's clock (API doc §6.1, §7.4).
/// Thread-safe: one lock, as uploads are rare and small next to everything else.
/// </summary>
internal sealed class UploadStore(TimeProvider timeProvider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>Stores an object; false when an unexpired one has its key and overwriting is forbidden.</summary>
    public bool TryPut(StoredObject stored, bool forbidOverwrite)
    {
        lock (_gate)
        {
            Forget(Now);
            if (forbidOverwrite && _objects.ContainsKey(stored.Info.Key))
            {
                return false;
            }

            _objects[stored.Info.Key] = stored;
            return true;
        }
    }

    /// <summary>The unexpired object under <paramref name="key"/>; null when there is none.</summary>
    public StoredObject? Find(string key)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(key, out var stored) && !IsExpired(stored, Now) ? stored : null;
        }
    }

    /// <summary>Every unexpired object, oldest first.</summary>
    public IReadOnlyList<UploadedObject> Snapshot()
    {
        lock (_gate)
        {
            var now = Now;
            return _objects.Values
                .Where(o => !IsExpired(o, now))
                .Select(o => o.Info)
                .OrderBy(o => o.UploadedAt)
                .ThenBy(o => o.Key, StringComparer.Ordinal)
                .ToArray();
        }
    }

    private static bool IsExpired(StoredObject stored, DateTimeOffset now) => now - stored.Info.UploadedAt > Lifetime;

    private void Forget(DateTimeOffset now)
    {
        foreach (var key in _objects.Where(o => IsExpired(o.Value, now)).Select(o => o.Key).ToList())
        {
            _objects.Remove(key);
        }
    }
}
