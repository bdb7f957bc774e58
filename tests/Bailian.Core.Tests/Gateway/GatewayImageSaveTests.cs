using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Download;
using Bailian.Http;
using Bailian.Tests.Support;
using Bailian.Work;

namespace Bailian.Tests.Gateway;

/// <summary>An image that came as bytes (b64_json) is saved as a download is, without one.</summary>
public sealed class GatewayImageSaveTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly DashScopeTransport _transport = new();

    public void Dispose()
    {
        _transport.Dispose();
        _folder.Dispose();
    }

    private async Task<SaveOutcome[]> Save(bool metadata, params ImageResult[] images)
    {
        var outcomes = new ConcurrentQueue<SaveOutcome>();
        using (var batch = Clients.For(_transport).NewSaveBatch(2, ordered: true, new TransportOptions(), outcomes.Enqueue, NullLog.Instance))
        {
            foreach (var image in images)
            {
                await batch.AddAsync(new SaveJob(image, new DownloadTarget(_folder.Path, FileNameTemplate.Expand(FileNameTemplate.Default, image, DateTimeOffset.Now), false), image, metadata), CancellationToken.None);
            }

            await batch.CompleteAsync();
        }

        return outcomes.ToArray();
    }

    private static ImageResult Bytes(byte[] bytes, int index = 0) =>
        new() { Bytes = bytes, Prompt = "a fox", Model = "qwen-image-plus", Index = index, RowKey = "key", CreatedAt = DateTimeOffset.Now };

    [Fact]
    public async Task The_bytes_are_written_with_the_extension_their_signature_says_and_a_sidecar_with_metadata()
    {
        var png = ImageBytes.Png(64, 64);

        var outcome = Assert.Single(await Save(true, Bytes(png)));

        Assert.Null(outcome.Error);
        Assert.Equal(".png", outcome.File!.Extension);
        Assert.Equal(png, File.ReadAllBytes(outcome.File.FullName));
        Assert.True(File.Exists(outcome.File.FullName + ".json"));
        Assert.DoesNotContain(Directory.GetFiles(_folder.Path), f => f.EndsWith(".bailian-partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_different_images_get_two_names_and_an_existing_file_is_never_overwritten()
    {
        var first = await Save(false, Bytes(ImageBytes.Png(64, 64)), Bytes(ImageBytes.Png(32, 32), 1));
        Assert.Equal(2, first.Select(o => o.File!.FullName).Distinct().Count());

        var again = Assert.Single(await Save(false, Bytes(ImageBytes.Png(64, 64))));

        Assert.Equal(ErrorIds.FileExists, again.Error!.ErrorId);
    }

    [Fact]
    public async Task Bytes_that_are_no_image_are_NotAnImage_and_leave_nothing()
    {
        var outcome = Assert.Single(await Save(true, Bytes("<html>gateway error page</html>"u8.ToArray())));

        Assert.Equal(ErrorIds.NotAnImage, outcome.Error!.ErrorId);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }
}
