namespace Bailian.Emulator.Pipeline;

/// <summary>Items (faults, task outcomes) waiting for the next requests of one kind, first in first out.</summary>
internal sealed class CountedQueue<T>
    where T : class
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _items = new();

    public void Enqueue(T item, int count)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _items.Enqueue(item);
            }
        }
    }

    public bool TryTake(out T? item)
    {
        lock (_gate)
        {
            return _items.TryDequeue(out item);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
        }
    }
}
