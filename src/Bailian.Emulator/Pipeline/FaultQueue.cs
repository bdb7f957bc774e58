namespace Bailian.Emulator.Pipeline;

/// <summary>Faults waiting for the next requests of one kind, first in first out.</summary>
internal sealed class FaultQueue
{
    private readonly Lock _gate = new();
    private readonly Queue<EmulatorFault> _faults = new();

    public void Enqueue(EmulatorFault fault, int count)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    public bool TryTake(out EmulatorFault? fault)
    {
        lock (_gate)
        {
            return _faults.TryDequeue(out fault);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }
}
