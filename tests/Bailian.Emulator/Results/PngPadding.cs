using System.Buffers.Binary;

namespace Bailian.Emulator.Results;

/// <summary>
/// The bytes that weigh a result image down: a counter-based generator (SplitMix64's mixer over seed + index), so
/// any stretch of the padding can be made on its own, at memory speed, and nothing compresses it.
/// </summary>
internal static class PngPadding
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>
    /// Fills <paramref name="destination"/> with the padding of <paramref name="seed"/> from byte
    /// <paramref name="offset"/> on, which must be a multiple of 8.
    /// </summary>
    public static void Fill(ulong seed, long offset, Span<byte> destination)
    {
        if (offset % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "The padding is made in whole 8-byte words.");
        }

        var word = (ulong)(offset / 8);
        Span<byte> last = stackalloc byte[8];
        while (destination.Length > 0)
        {
            var value = Mix(seed + (++word * Golden));
            if (destination.Length >= 8)
            {
                // Little-endian whatever the machine, so the same seed makes the same file everywhere.
                BinaryPrimitives.WriteUInt64LittleEndian(destination, value);
                destination = destination[8..];
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(last, value);
                last[..destination.Length].CopyTo(destination);
                destination = [];
            }
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
