using System.Text;

namespace Bailian.Http;

/// <summary>
/// A JSON request body written in pieces: plain bytes, and local files that go out as base64 data URIs
/// straight from disk. An image is never held in memory whole, neither as bytes nor as base64 text.
/// </summary>
public sealed class RequestBody
{
    private readonly IReadOnlyList<Segment> _segments;

    private RequestBody(IReadOnlyList<Segment> segments) => _segments = segments;

    public long Length => _segments.Sum(s => s.Length);

    /// <summary>
    /// Splits serialized JSON at the placeholder strings and puts each file, as a data URI, where its
    /// placeholder stood.
    /// </summary>
    internal static RequestBody WithFiles(byte[] json, IReadOnlyDictionary<string, (string Path, string MimeType)> filesByPlaceholder)
    {
        var segments = new List<Segment>();
        var start = 0;
        while (NextPlaceholder(json, start, filesByPlaceholder.Keys) is var (at, placeholder) && at >= 0)
        {
            segments.Add(new BytesSegment(Slice(json, start, at)));
            var file = filesByPlaceholder[placeholder];
            segments.Add(new Base64FileSegment(file.Path, "data:" + file.MimeType + ";base64,"));
            start = at + placeholder.Length;
        }

        segments.Add(new BytesSegment(Slice(json, start, json.Length)));
        return new RequestBody(segments);
    }

    public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken)
    {
        foreach (var segment in _segments)
        {
            await segment.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (int At, string Placeholder) NextPlaceholder(byte[] json, int start, IEnumerable<string> placeholders)
    {
        var best = (At: -1, Placeholder: "");
        foreach (var placeholder in placeholders)
        {
            var at = IndexOf(json, Encoding.UTF8.GetBytes(placeholder), start);
            if (at >= 0 && (best.At < 0 || at < best.At))
            {
                best = (at, placeholder);
            }
        }

        return best;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int start)
    {
        for (var i = start; i <= haystack.Length - needle.Length; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] Slice(byte[] bytes, int from, int to)
    {
        var slice = new byte[to - from];
        Array.Copy(bytes, from, slice, 0, slice.Length);
        return slice;
    }

    private abstract class Segment
    {
        public abstract long Length { get; }
        public abstract Task WriteToAsync(Stream stream, CancellationToken cancellationToken);
    }

    private sealed class BytesSegment(byte[] bytes) : Segment
    {
        public override long Length => bytes.Length;

        public override Task WriteToAsync(Stream stream, CancellationToken cancellationToken) =>
            stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken);
    }

    /// <summary>A file as "data:&lt;mime&gt;;base64,&lt;base64&gt;", encoded chunk by chunk with reused buffers.</summary>
    private sealed class Base64FileSegment(string path, string prefix) : Segment
    {
        // A multiple of 3, so each chunk encodes without padding in the middle of the stream.
        private const int ChunkBytes = 3 * 16 * 1024;

        public override long Length => prefix.Length + (new FileInfo(path).Length + 2) / 3 * 4;

        public override async Task WriteToAsync(Stream stream, CancellationToken cancellationToken)
        {
            var head = Encoding.ASCII.GetBytes(prefix);
            await stream.WriteAsync(head, 0, head.Length, cancellationToken).ConfigureAwait(false);
            var raw = new byte[ChunkBytes];
            var chars = new char[ChunkBytes / 3 * 4];
            var encoded = new byte[chars.Length];
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            int filled;
            while ((filled = await FillAsync(file, raw, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var count = Convert.ToBase64CharArray(raw, 0, filled, chars, 0);
                Encoding.ASCII.GetBytes(chars, 0, count, encoded, 0);
                await stream.WriteAsync(encoded, 0, count, cancellationToken).ConfigureAwait(false);
            }
        }

        // Fills the whole buffer unless the file ends, so only the last chunk can carry padding.
        private static async Task<int> FillAsync(Stream file, byte[] buffer, CancellationToken cancellationToken)
        {
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await file.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total;
        }
    }
}
