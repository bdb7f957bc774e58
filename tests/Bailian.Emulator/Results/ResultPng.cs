using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bailian.Emulator.Results;

/// <summary>
/// A result image as served: the rendered PNG plus, when <see cref="EmulatorControl.ResultImageBytes"/> asks for
/// weight, one chunk <c>bmPd</c> of <see cref="PngPadding"/> right before IEND. Decoders skip it unread: the name
/// says ancillary, private and safe to copy. Only the rendered PNG and the chunk's CRC are kept; the padding is
/// made again on every write, so a few hundred 4 MB results cost kilobytes each in memory, not gigabytes.
/// </summary>
internal sealed class ResultPng
{
    private const int ChunkOverhead = 12; // length, type, CRC
    private const int BlockBytes = 64 * 1024; // a multiple of 8, as PngPadding.Fill wants its offsets

    private readonly byte[] _natural; // a whole PNG, IEND last
    private readonly int _padding; // the padding chunk's data length; 0 when there is no such chunk
    private readonly ulong _seed;
    private readonly uint _crc;

    private ResultPng(byte[] natural, int padding, ulong seed, uint crc)
    {
        _natural = natural;
        _padding = padding;
        _seed = seed;
        _crc = crc;
    }

    /// <summary>The file's size in bytes.</summary>
    public long Length => _natural.Length + (_padding > 0 ? ChunkOverhead + (long)_padding : 0);

    private static ReadOnlySpan<byte> PaddingType => "bmPd"u8;

    /// <summary>
    /// <paramref name="natural"/> padded to exactly <paramref name="targetBytes"/>; as it is when that is not at
    /// least a chunk's overhead more (0 means no padding at all).
    /// </summary>
    public static ResultPng Of(byte[] natural, long targetBytes)
    {
        var padding = targetBytes - natural.Length - ChunkOverhead;
        if (padding <= 0)
        {
            return new ResultPng(natural, 0, 0, 0);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(padding, int.MaxValue, nameof(targetBytes));

        // Seeded by the image itself: the same image padded to the same size is always the same file.
        var seed = BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(natural));
        var crc = Crc32.Append(0, PaddingType);
        var block = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            for (long offset = 0; offset < padding; offset += BlockBytes)
            {
                var span = block.AsSpan(0, (int)Math.Min(BlockBytes, padding - offset));
                PngPadding.Fill(seed, offset, span);
                crc = Crc32.Append(crc, span);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }

        return new ResultPng(natural, (int)padding, seed, crc);
    }

    /// <summary>Writes the file to <paramref name="destination"/>, the padding a block at a time.</summary>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        if (_padding == 0)
        {
            await destination.WriteAsync(_natural, cancellationToken).ConfigureAwait(false);
            return;
        }

        var iend = _natural.Length - ChunkOverhead;
        await destination.WriteAsync(_natural.AsMemory(0, iend), cancellationToken).ConfigureAwait(false);
        var block = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            WriteChunkStart(block);
            await destination.WriteAsync(block.AsMemory(0, 8), cancellationToken).ConfigureAwait(false);
            for (long offset = 0; offset < _padding; offset += BlockBytes)
            {
                var length = (int)Math.Min(BlockBytes, _padding - offset);
                PngPadding.Fill(_seed, offset, block.AsSpan(0, length));
                await destination.WriteAsync(block.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }

            var end = WriteChunkEnd(block);
            await destination.WriteAsync(block.AsMemory(0, end), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>The whole file in one array (for reading a result as an edit input). Not to be written to.</summary>
    public byte[] ToArray()
    {
        if (_padding == 0)
        {
            return _natural;
        }

        var bytes = new byte[Length];
        var iend = _natural.Length - ChunkOverhead;
        _natural.AsSpan(0, iend).CopyTo(bytes);
        var at = iend;
        WriteChunkStart(bytes.AsSpan(at));
        at += 8;
        PngPadding.Fill(_seed, 0, bytes.AsSpan(at, _padding));
        at += _padding;
        WriteChunkEnd(bytes.AsSpan(at));
        return bytes;
    }

    // Length and type.
    private void WriteChunkStart(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, _padding);
        PaddingType.CopyTo(destination[4..]);
    }

    // The padding chunk's CRC, then the rendered PNG's IEND chunk; returns the bytes written.
    private int WriteChunkEnd(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, _crc);
        _natural.AsSpan(_natural.Length - ChunkOverhead).CopyTo(destination[4..]);
        return 4 + ChunkOverhead;
    }
}
