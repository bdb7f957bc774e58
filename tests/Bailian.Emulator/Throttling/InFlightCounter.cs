namespace Bailian.Emulator.Throttling;

/// <summary>
/// How many calls of each (region, model) are being processed right now, for a concurrency limit. Every admitted
/// call counts, limit or not, so a limit set while calls are running sees them. The lock guards a counter only and
/// is never held across any wait.
/// </summary>
internal sealed class InFlightCounter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string RegionId, string Model), int> _counts = [];

    /// <summary>A slot, given back by disposing it; null when <paramref name="limit"/> (if above 0) slots are taken.</summary>
    public IDisposable? TryEnter(string regionId, string model, int limit)
    {
        var key = (regionId, model);
        lock (_gate)
        {
            var count = _counts.GetValueOrDefault(key);
            if (limit > 0 && count >= limit)
            {
                return null;
            }

            _counts[key] = count + 1;
        }

        return new Slot(this, key);
    }

    /// <summary>The calls of (<paramref name="regionId"/>, <paramref name="model"/>) in flight now.</summary>
    public int Count(string regionId, string model)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault((regionId, model));
        }
    }

    private void Leave((string RegionId, string Model) key)
    {
        lock (_gate)
        {
            // Idle models leave no entry behind.
            var count = _counts[key] - 1;
            if (count == 0)
            {
                _counts.Remove(key);
            }
            else
            {
                _counts[key] = count;
            }
        }
    }

    // Given back once, however many of the answer's hooks (start, end of request) dispose it.
    private sealed class Slot(InFlightCounter owner, (string RegionId, string Model) key) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                owner.Leave(key);
            }
        }
    }
}
