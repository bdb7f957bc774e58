using Bailian.Client.DashScope;
using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Catalog;
using Bailian.Generation;
using Bailian.Images;
using Bailian.Tests.Support;
using Xunit.Abstractions;

namespace Bailian.Tests.Generation;


/// <summary>
/// A 10 MB photo sent inline becomes 13.3 MB of base64 on the wire. Building and writing that body must
/// not hold the file, or its base64, in memory: it is streamed from disk in small chunks. Runs alone, so
/// the allocation count is this test's only.
/// </summary>
[Collection(nameof(Alone))]
public sealed class InlineImageMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const long FileBytes = 10L * 1024 * 1024 - 1;
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_10_MB_image_goes_inline_with_allocations_far_below_its_size()
    {
        var path = _files.WriteSized("photo.png", ImageBytes.Png(3000, 3000), FileBytes);
        var prepared = EditPlanner.Prepare(new EditRequest { Prompt = "p", Images = [ImageSource.Classify(path)] }, ModelCatalog.Default);
        using var sink = new CountingStream();
        await DashScopeBody.For(prepared, "cn-beijing").WriteToAsync(new CountingStream(), CancellationToken.None); // warm up (JIT)

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var body = DashScopeBody.For(prepared, "cn-beijing");
        await body.WriteToAsync(sink, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"file {FileBytes:N0} B, body {sink.Length:N0} B, allocated {allocated:N0} B while building and writing it");
        Assert.Equal(body.Length, sink.Length);
        Assert.True(sink.Length > FileBytes * 4 / 3);
        Assert.InRange(allocated, 0, 1024 * 1024);
    }

    /// <summary>Counts what is written and keeps none of it.</summary>
    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        private long _length;

        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
