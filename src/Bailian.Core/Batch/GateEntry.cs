namespace Bailian.Batch;

/// <summary>
/// One admission through a <see cref="ModelGate"/>: what kind of slot the call took, which decides what its
/// 429 means. Hand it back to the gate's <see cref="ModelGate.Succeeded"/>, <see cref="ModelGate.Throttled"/>
/// and <see cref="ModelGate.Exit"/>.
/// </summary>
public sealed class GateEntry
{
    internal GateEntry(GateSlot slot) => Slot = slot;

    /// <summary>The slot the call took when it was admitted.</summary>
    public GateSlot Slot { get; }

    /// <summary>Whether the call took the one extra slot above the known ceiling.</summary>
    public bool IsProbe => Slot == GateSlot.Probe;

    /// <summary>Set once the gate no longer counts the call in flight (after a 429 or <see cref="ModelGate.Exit"/>).</summary>
    internal bool Left { get; set; }
}

/// <summary>What kind of slot a call took in its <see cref="ModelGate"/>.</summary>
public enum GateSlot
{
    /// <summary>No 429 had taught the gate a ceiling yet: any slot up to ThrottleLimit.</summary>
    Discovery,

    /// <summary>A slot within the ceiling the gate has learned.</summary>
    Known,

    /// <summary>The one extra slot above the learned ceiling, opened now and then to see whether the server takes more.</summary>
    Probe,
}
