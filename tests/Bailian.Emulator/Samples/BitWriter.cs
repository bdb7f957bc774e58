namespace Bailian.Emulator.Samples;

/// <summary>Packs values least significant bit first, as GIF's LZW codes and WebP's lossless stream are packed.</summary>
internal sealed class BitWriter
{
    private readonly List<byte> _bytes = [];
    private int _bitCount;

    public void Write(int value, int bits)
    {
        for (var i = 0; i < bits; i++)
        {
            if (_bitCount % 8 == 0)
            {
                _bytes.Add(0);
            }

            if (((value >> i) & 1) != 0)
            {
                _bytes[^1] |= (byte)(1 << (_bitCount % 8));
            }

            _bitCount++;
        }
    }

    public byte[] ToArray() => [.. _bytes];
}
