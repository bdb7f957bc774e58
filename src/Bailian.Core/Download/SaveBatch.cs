using Bailian.Http;
using Bailian.Work;

namespace Bailian.Download;

/// <summary>One image to save, where, and whether to write its metadata sidecar.</summary>
public sealed record SaveJob(ImageResult Image, DownloadTarget Target, object? TargetObject, bool WriteMetadata)
{
    /// <summary>Which object piped in (from 1) the image came from, for "Row N:" in its error; null from the command line.</summary>
    public int? Row { get; init; }
}

/// <summary>A saved file, or why not; exactly one per job.</summary>
public sealed record SaveOutcome(SaveJob Job, FileInfo? File, BailianException? Error);

/// <summary>Where one download stands, for per-file progress of large images.</summary>
public sealed record DownloadProgress(string Url, long Bytes, long? Total)
{
    /// <summary>The file it is saved as (the name the user chose, not the signed URL, which is long and says nothing).</summary>
    public string FileName { get; init; } = "";
}

/// <summary>Where the batch stands: <paramref name="Finished"/> of the <paramref name="Total"/> images handed over so far are done (saved or failed).</summary>
public sealed record SaveProgress(int Finished, int Total);

/// <summary>
/// Saves images with up to ThrottleLimit downloads at once, each streamed straight to disk. An image an
/// earlier run already saved (a resumed row) is not fetched again: its file is the outcome.
/// </summary>
public sealed class SaveBatch : IDisposable
{
    private readonly ImageDownloader _downloader;
    private readonly TransportOptions _options;
    private readonly IBailianLog _log;
    private readonly Action<DownloadProgress>? _progress;
    private readonly SemaphoreSlim _downloads;
    private readonly ConcurrentWork<SaveOutcome> _work;
    private readonly RunFileNames _names = new();
    private readonly Action<SaveProgress>? _batchProgress;
    private int _total;
    private int _finished;

    /// <param name="progress">Told how far each large download is.</param>
    /// <param name="batchProgress">Told how many images are done of those handed over so far, as each is added and as each ends.</param>
    /// <remarks>Built by <see cref="Client.BailianClient.NewSaveBatch"/>, which owns the downloader.</remarks>
    internal SaveBatch(ImageDownloader downloader, int throttleLimit, bool ordered, TransportOptions options, Action<SaveOutcome> sink,
        IBailianLog log, Action<DownloadProgress>? progress = null, Action<SaveProgress>? batchProgress = null)
    {
        _downloader = downloader;
        _options = options;
        _log = log;
        _progress = progress;
        _batchProgress = batchProgress;
        _downloads = new SemaphoreSlim(throttleLimit);
        _work = new ConcurrentWork<SaveOutcome>(throttleLimit * 4 + 16, ordered, outcome =>
        {
            sink(outcome);
            ReportBatch(Interlocked.Increment(ref _finished));
        });
    }

    private void ReportBatch(int finished) => _batchProgress?.Invoke(new SaveProgress(finished, Volatile.Read(ref _total)));

    /// <summary>Starts saving <paramref name="job"/>; a name another image of this run already has is an error instead.</summary>
    public Task AddAsync(SaveJob job, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _total);
        ReportBatch(Volatile.Read(ref _finished));
        if (_names.Claim(job) is { } collision)
        {
            _work.AddDecided(new SaveOutcome(job, null, collision));
            return Task.CompletedTask;
        }

        return _work.AddAsync(token => SaveAsync(job, token), cancellationToken);
    }

    /// <summary>A job that failed before it could start (a bad file name); it keeps its place in the order.</summary>
    public void AddFailed(SaveJob job, BailianException error)
    {
        Interlocked.Increment(ref _total);
        _work.AddDecided(new SaveOutcome(job, null, error));
    }

    public Task CompleteAsync() => _work.CompleteAsync();

    public void Dispose()
    {
        _work.Dispose();
        _downloads.Dispose();
    }

    private async Task<SaveOutcome> SaveAsync(SaveJob job, CancellationToken cancellationToken)
    {
        if (job.Image.SavedPath is { } saved && File.Exists(saved))
        {
            _log.Verbose($"Already saved: {saved}");
            return new SaveOutcome(job, new FileInfo(saved), null);
        }

        await _downloads.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // With -Metadata the downloader saves image and sidecar together or neither, so that every image
            // on disk is one a later -ResumeFrom sees (it finds saved rows by their sidecars).
            var target = job.WriteMetadata
                ? job.Target with { Sidecar = imagePath => ImageSidecar.From(job.Image, new FileInfo(imagePath), DateTimeOffset.Now).ToUtf8Bytes() }
                : job.Target;
            // An image that came in the answer (a gateway's b64_json) is written as it is: nothing to download.
            var file = job.Image.Bytes is { } bytes
                ? await ImageDownloader.SaveBytesAsync(bytes, target, _log, cancellationToken).ConfigureAwait(false)
                : await _downloader.SaveAsync(job.Image.Url, target, _options, _log, cancellationToken, _progress).ConfigureAwait(false);
            return new SaveOutcome(job, file, null);
        }
        catch (BailianException error)
        {
            return new SaveOutcome(job, null, error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The downloader reports the file system's failures itself; this is the net under it, so that no
            // image goes without an outcome (an exception escaping here would be lost with its image).
            return new SaveOutcome(job, null, SaveFolder.WriteFailed(job.Target.Directory, error));
        }
        finally
        {
            _downloads.Release();
        }
    }
}
