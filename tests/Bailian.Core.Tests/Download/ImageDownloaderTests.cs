using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Catalog;
using Bailian.Download;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Work;
using Bailian.Tests.Support;

namespace Bailian.Tests.Download;

/// <summary>Downloads against the emulator's signed result URLs: atomic, no clobber, expiry, checks.</summary>
public sealed class ImageDownloaderTests : IClassFixture<ManualClockEmulatorFixture>, IDisposable
{
    private readonly ManualClockEmulatorFixture _emulator;
    private readonly DashScopeTransport _transport = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bailian-dl-" + Guid.NewGuid().ToString("N"));
    private readonly InstantTimeProvider _backoffClock = new();

    public ImageDownloaderTests(ManualClockEmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
    }

    public void Dispose()
    {
        _transport.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private TransportOptions Options(int retries = 0) => new() { MaxRetryCount = retries, TimeProvider = _backoffClock, UseJitter = false };

    private async Task<ImageResult> GenerateOne()
    {
        var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "a red fox", Size = "928*1664", Seed = 1 }, ModelCatalog.Default);
        var outcome = await Clients.For(_transport).GenerateAsync(prepared, _emulator.Connect(), new TransportOptions(), NullLog.Instance,
            CancellationToken.None);
        return outcome.Images.Single();
    }

    private Task<FileInfo> Save(string url, string stem = "fox", bool force = false, TimeProvider? clock = null, int retries = 0) =>
        new ImageDownloader(_transport.HttpClient, clock).SaveAsync(url, new DownloadTarget(_folder, stem, force), Options(retries),
            NullLog.Instance, CancellationToken.None);

    private int Downloads => _emulator.Server.Control.Requests.Count(r => r.Kind == "download");

    private string[] FilesInFolder() => Directory.GetFiles(_folder).Select(Path.GetFileName).ToArray()!;

    [Fact]
    public async Task Saves_the_image_under_the_name_with_the_extension_its_bytes_call_for()
    {
        var image = await GenerateOne();

        var file = await Save(image.Url);

        Assert.Equal(Path.Combine(_folder, "fox.png"), file.FullName);
        Assert.Equal(["fox.png"], FilesInFolder());
        var expected = await _transport.HttpClient.GetByteArrayAsync(image.Url);
        Assert.Equal(expected, await File.ReadAllBytesAsync(file.FullName));
        Assert.Equal((928, 1664), PngSize(expected));
    }

    private static (int, int) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));

    [Fact]
    public async Task Never_overwrites_and_says_so_before_downloading()
    {
        var image = await GenerateOne();
        Directory.CreateDirectory(_folder);
        var existing = Path.Combine(_folder, "fox.png");
        await File.WriteAllTextAsync(existing, "mine");
        var downloadsBefore = Downloads;

        var error = await Assert.ThrowsAsync<DownloadException>(() => Save(image.Url));

        Assert.Equal("Bailian.FileExists", error.ErrorId);
        Assert.Contains("-Force", error.Message);
        Assert.Equal("mine", await File.ReadAllTextAsync(existing));
        Assert.Equal(downloadsBefore, Downloads);
        Assert.Equal(["fox.png"], FilesInFolder());
    }

    [Fact]
    public async Task Force_replaces_the_existing_file()
    {
        var image = await GenerateOne();
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, "fox.png"), "mine");

        var file = await Save(image.Url, force: true);

        Assert.Equal(0x89, (await File.ReadAllBytesAsync(file.FullName))[0]);
        Assert.Equal(["fox.png"], FilesInFolder());
    }

    [Fact]
    public async Task A_connection_dropped_mid_stream_leaves_no_file_at_all()
    {
        var image = await GenerateOne();
        _emulator.Server.Control.EnqueueDownloadFault(EmulatorFault.DropMidStream(1000));

        var error = await Assert.ThrowsAsync<DownloadException>(() => Save(image.Url));

        Assert.Equal("Bailian.DownloadFailed", error.ErrorId);
        Assert.Empty(FilesInFolder());
    }

    [Fact]
    public async Task A_dropped_download_is_retried_and_then_saved_once()
    {
        var image = await GenerateOne();
        _emulator.Server.Control.EnqueueDownloadFault(EmulatorFault.DropMidStream(500));

        await Save(image.Url, retries: 2);

        Assert.Equal(["fox.png"], FilesInFolder());
        Assert.Single(_backoffClock.Delays);
    }

    [Fact]
    public async Task An_expired_URL_is_reported_with_its_time_without_a_request()
    {
        var image = await GenerateOne();
        var downloadsBefore = Downloads;
        var later = new ManualTimeProvider(image.ExpiresAt!.Value.AddMinutes(1));

        var error = await Assert.ThrowsAsync<DownloadException>(() => Save(image.Url, clock: later));

        Assert.Equal("Bailian.UrlExpired", error.ErrorId);
        Assert.Contains($"expired at {image.ExpiresAt.Value.ToLocalTime():yyyy-MM-dd HH:mm:ss}", error.Message);
        Assert.Contains("24 hours", error.Message);
        Assert.Equal(downloadsBefore, Downloads);
    }

    [Fact]
    public async Task The_server_saying_the_URL_expired_gives_the_same_clear_error()
    {
        var image = await GenerateOne();
        _emulator.Clock.Now = image.ExpiresAt!.Value.AddSeconds(1); // the server's clock, not ours

        var error = await Assert.ThrowsAsync<DownloadException>(() => Save(image.Url));

        Assert.Equal("Bailian.UrlExpired", error.ErrorId);
        Assert.Empty(FilesInFolder());
    }

    [Fact]
    public async Task An_unknown_result_is_not_found_and_not_retried()
    {
        var image = await GenerateOne();
        var tampered = image.Url.Replace("/results/", "/results/x", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<DownloadException>(() => Save(tampered, retries: 3));

        Assert.Equal("Bailian.ImageNotFound", error.ErrorId);
        Assert.Empty(_backoffClock.Delays);
    }

    [Fact]
    public async Task Bytes_that_are_not_an_image_are_refused_and_not_kept()
    {
        using var http = new HttpClient(new FixedAnswer("<html>login page</html>"));
        var downloader = new ImageDownloader(http);

        var error = await Assert.ThrowsAsync<DownloadException>(() =>
            downloader.SaveAsync("https://example.com/a.png", new DownloadTarget(_folder, "a", false), Options(), NullLog.Instance, CancellationToken.None));

        Assert.Equal("Bailian.NotAnImage", error.ErrorId);
        Assert.Empty(FilesInFolder());
    }

    [Fact]
    public async Task Creates_the_folder_when_missing()
    {
        var image = await GenerateOne();
        var nested = Path.Combine(_folder, "a", "b");

        var file = await new ImageDownloader(_transport.HttpClient).SaveAsync(image.Url, new DownloadTarget(nested, "x", false), Options(),
            NullLog.Instance, CancellationToken.None);

        Assert.Equal(Path.Combine(nested, "x.png"), file.FullName);
    }

    // Issue 9: a read-only folder was retried as a connection error, a full disk as a network fault.
    // The file system's errors are ours, not the network's: retrying cannot help, and they say so.
    [Fact]
    public async Task A_folder_that_cannot_be_written_is_a_write_failure_and_not_retried()
    {
        using var temp = new TempFolder();
        var readOnly = UnwritableFolder.In(temp);
        if (readOnly is null)
        {
            return; // no folder this process cannot write to on this machine
        }

        try
        {
            var image = await GenerateOne();

            var error = await Assert.ThrowsAsync<DownloadException>(() =>
                new ImageDownloader(_transport.HttpClient).SaveAsync(image.Url, new DownloadTarget(readOnly, "fox-" + Guid.NewGuid().ToString("N"), false),
                    Options(retries: 3), NullLog.Instance, CancellationToken.None));

            Assert.Equal("Bailian.WriteFailed", error.ErrorId);
            Assert.Equal(BailianErrorCategory.WriteError, error.Category);
            Assert.False(error.IsTransient);
            Assert.Contains(readOnly, error.Message, StringComparison.Ordinal);
            Assert.Empty(_backoffClock.Delays);
        }
        finally
        {
            UnwritableFolder.Restore(readOnly);
        }
    }

    [Fact]
    public async Task A_file_system_error_while_saving_is_a_write_failure_and_not_retried()
    {
        // The folder turns into a file once the download has started: creating the temporary file fails.
        Directory.CreateDirectory(_folder);
        using var http = new HttpClient(new PngAnswer(() =>
        {
            Directory.Delete(_folder, recursive: true);
            File.WriteAllText(_folder, "not a folder any more");
        }));

        try
        {
            var error = await Assert.ThrowsAsync<DownloadException>(() =>
                new ImageDownloader(http).SaveAsync("https://example.com/a.png", new DownloadTarget(_folder, "a", false), Options(retries: 3),
                    NullLog.Instance, CancellationToken.None));

            Assert.Equal("Bailian.WriteFailed", error.ErrorId);
            Assert.False(error.IsTransient);
            Assert.Empty(_backoffClock.Delays);
        }
        finally
        {
            File.Delete(_folder);
        }
    }

    /// <summary>Runs <paramref name="before"/>, then answers with a small PNG (no network).</summary>
    private sealed class PngAnswer(Action before) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            before();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                { Content = new ByteArrayContent(ImageBytes.Png(10, 10)), RequestMessage = request });
        }
    }

    /// <summary>Answers every request with the same 200 text body (no network).</summary>
    private sealed class FixedAnswer(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body), RequestMessage = request });
    }
}
