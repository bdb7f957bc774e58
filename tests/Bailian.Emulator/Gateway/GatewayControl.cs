namespace Bailian.Emulator.Gateway;

/// <summary>
/// The gateway's own knob (<see cref="EmulatorControl.Gateway"/>). Faults, latency and the per-model limits are the
/// emulator's shared ones (<see cref="EmulatorControl"/>) and apply to the gateway's routes too. Thread-safe.
/// </summary>
public sealed class GatewayControl
{
    private int _errorShape;

    /// <summary>
    /// The shape of every error the gateway answers from now on: its own checks, the key check, the limits' 429s and
    /// queued status faults alike (default <see cref="GatewayErrorShape.OpenAI"/>). The HTTP status does not change.
    /// </summary>
    public GatewayErrorShape ErrorShape
    {
        get => (GatewayErrorShape)Volatile.Read(ref _errorShape);
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Must be OpenAI or DashScope.");
            }

            Volatile.Write(ref _errorShape, (int)value);
        }
    }
}
