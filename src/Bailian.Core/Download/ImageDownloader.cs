using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Bailian.Http;
using Bailian.Work;

namespace Bailian.Download;

/// <summary>Where to save one image: the folder, the file name without extension, and overwrite rules.</summary>
public sealed record DownloadTarget(string Directory, string FileStem, bool Force)
{
    /// <summary>
    /// The bytes of a metadata sidecar to save beside the image (photo.png.json), given the image's final
    /// path; null for none. Image and sidecar are saved together or not at all.
    /// </summary>
    public Func<string, byte[]>? Sidecar { get; init; }
}

/// <summary>
/// Saves an image URL to disk: streamed into a temporary file in the target folder, checked to be an
/// image, then renamed into place. A failed or stopped download leaves no file; an existing file is
/// never overwritten unless Force is set. With a sidecar, both are saved or neither.
/// </summary>
public sealed class ImageDownloader
{
    private const string PartialSuffix = ".bailian-partial";
    private readonly HttpClient _http;
    private readonly TimeProvider _clock;

    public ImageDownloader(HttpClient http, TimeProvider? clock = null)
    {
        _http = http;
        _clock = clock ?? TimeProvider.System;
    }

    /// <param name="progress">Told how far a large download is (about every megabyte); null for none.</param>
    public async Task<FileInfo> SaveAsync(string url, DownloadTarget target, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken, Action<DownloadProgress>? progress = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new DownloadException(ErrorIds.InvalidUrl, BailianErrorCategory.InvalidArgument, $"'{url}' is not an http(s) URL.");
        }

        ThrowIfExpired(uri);
        var directory = Path.GetFullPath(target.Directory);
        SaveFolder.Create(directory);
        var stem = SafeFileName.Clean(target.FileStem);
        // Fail before downloading when the likely name is taken; the rename re-checks atomically.
        var guess = Path.GetExtension(uri.AbsolutePath);
        if (ImageFormat.IsKnownExtension(guess))
        {
            var likely = InFolder(directory, stem + guess.ToLowerInvariant());
            ThrowIfExists(likely, target.Force);
            if (target.Sidecar is not null)
            {
                ThrowIfSidecarInTheWay(likely, target.Force);
            }
        }

        // Progress names the file (as far as it is known before the bytes say which format it is), not the signed URL.
        var fileName = stem + (ImageFormat.IsKnownExtension(guess) ? guess.ToLowerInvariant() : "");
        Action<DownloadProgress>? named = progress is null ? null : p => progress(p with { FileName = fileName });
        var pipeline = RetryPipeline.Create(options, log, $"GET {uri.GetLeftPart(UriPartial.Path)}");
        return await pipeline.ExecuteAsync(
            async token => await DownloadOnceAsync(uri, directory, stem, target, options, log, named, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves an image that came in an answer (a gateway's b64_json) as a download is saved, without the download:
    /// written to a temporary file in the target folder, checked by its first bytes to be a PNG, JPEG or WEBP image
    /// (which chooses the extension), then renamed into place, never over an existing file unless Force; with a
    /// sidecar, both or neither.
    /// </summary>
    /// <exception cref="DownloadException">Bailian.NotAnImage, Bailian.FileExists, Bailian.WriteFailed, Bailian.InvalidFileName.</exception>
    public static async Task<FileInfo> SaveBytesAsync(byte[] bytes, DownloadTarget target, IBailianLog log, CancellationToken cancellationToken)
    {
        var extension = ImageFormat.Detect(bytes, Math.Min(bytes.Length, ImageFormat.SignatureLength))
            ?? throw new DownloadException(ErrorIds.NotAnImage, BailianErrorCategory.InvalidData,
                $"The image data in the answer is not a PNG, JPEG or WEBP image ({bytes.Length} bytes); nothing was saved.");
        var directory = Path.GetFullPath(target.Directory);
        SaveFolder.Create(directory);
        var stem = SafeFileName.Clean(target.FileStem);
        var final = InFolder(directory, stem + extension);
        ThrowIfExists(final, target.Force);
        if (target.Sidecar is not null)
        {
            ThrowIfSidecarInTheWay(final, target.Force);
        }

        var partial = InFolder(directory, "." + stem + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + PartialSuffix);
        try
        {
            using (var file = Local(directory, () => new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true)))
            {
                await LocalAsync(directory, () => file.WriteAsync(bytes, 0, bytes.Length, cancellationToken)).ConfigureAwait(false);
                await LocalAsync(directory, () => file.FlushAsync(cancellationToken)).ConfigureAwait(false);
            }

            if (target.Sidecar is { } sidecar)
            {
                PlaceWithSidecar(directory, partial, final, sidecar(final), target.Force);
            }
            else
            {
                Local(directory, () => MoveIntoPlace(partial, final, target.Force));
            }

            log.Verbose($"Saved the image data of the answer ({bytes.Length} bytes) to {final}");
            return new FileInfo(final);
        }
        finally
        {
            TryDelete(partial);
        }
    }

    private async Task<FileInfo> DownloadOnceAsync(Uri uri, string directory, string stem, DownloadTarget target, TransportOptions options,
        IBailianLog log, Action<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var partial = InFolder(directory, "." + stem + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + PartialSuffix);
        using var timeout = new CancellationTokenSource(options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureFromAsync(uri, response).ConfigureAwait(false);
            }

            var extension = await CopyToFileAsync(response, directory, partial, progress, linked.Token).ConfigureAwait(false);
            var final = InFolder(directory, stem + extension);
            if (target.Sidecar is { } sidecar)
            {
                PlaceWithSidecar(directory, partial, final, sidecar(final), target.Force);
            }
            else
            {
                Local(directory, () => MoveIntoPlace(partial, final, target.Force));
            }

            log.Verbose($"Saved {uri.GetLeftPart(UriPartial.Path)} to {final}");
            return new FileInfo(final);
        }
        // What is left here is the network's: every file system call above turns its own failures into
        // Bailian.WriteFailed, which is not transient (a retry cannot free disk space or grant permission).
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException
                                  && e is not BailianException && !cancellationToken.IsCancellationRequested)
        {
            var reason = timeout.IsCancellationRequested ? $"no data within {options.Timeout.TotalSeconds:0.##} s" : e.Message;
            throw new DownloadException(ErrorIds.DownloadFailed, BailianErrorCategory.ConnectionError,
                $"Downloading {uri.GetLeftPart(UriPartial.Path)} failed: {reason.TrimEnd('.')}.{TryAgain}", transient: true, inner: e);
        }
        finally
        {
            TryDelete(partial);
        }
    }

    /// <summary>Streams the body to <paramref name="partial"/> and returns the extension its bytes call for.</summary>
    /// <remarks>Reading the response may fail as the network does (transient); writing the file as the disk does (not).</remarks>
    private static async Task<string> CopyToFileAsync(HttpResponseMessage response, string directory, string partial,
        Action<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        const long ReportEvery = 1024 * 1024;
        var total = response.Content.Headers.ContentLength;
        var url = response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Path) ?? "";
        var reported = 0L;
        var head = new byte[ImageFormat.SignatureLength];
        var headCount = 0;
        long written = 0;
        using (var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
        using (cancellationToken.Register(response.Dispose))
        {
            var file = Local(directory, () => new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true));
            try
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    var take = Math.Min(read, head.Length - headCount);
                    Array.Copy(buffer, 0, head, headCount, take);
                    headCount += take;
                    await LocalAsync(directory, () => file.WriteAsync(buffer, 0, read, cancellationToken)).ConfigureAwait(false);
                    written += read;
                    if (progress is not null && written - reported >= ReportEvery)
                    {
                        reported = written;
                        progress(new DownloadProgress(url, written, total));
                    }
                }

                await LocalAsync(directory, () => file.FlushAsync(cancellationToken)).ConfigureAwait(false);
            }
            finally
            {
                Local(directory, file.Dispose);
            }
        }

        if (response.Content.Headers.ContentLength is { } expected && expected != written)
        {
            throw new IOException($"the connection closed after {written} of {expected} bytes");
        }

        return ImageFormat.Detect(head, headCount)
            ?? throw new DownloadException(ErrorIds.NotAnImage, BailianErrorCategory.InvalidData,
                $"The data at {response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Path)} is not a PNG, JPEG or WEBP image ({written} bytes); nothing was saved.");
    }

    private static void MoveIntoPlace(string partial, string final, bool force)
    {
        ThrowIfExists(final, force);
        if (File.Exists(final))
        {
            File.Replace(partial, final, destinationBackupFileName: null);
            return;
        }

        try
        {
            // Fails, rather than overwrites, if another process created the file meanwhile.
            File.Move(partial, final);
        }
        catch (IOException) when (File.Exists(final) || Directory.Exists(final))
        {
            ThrowIfExists(final, force: false);
            throw;
        }
    }

    /// <summary>
    /// Puts image and sidecar in place together or neither. The sidecar goes first and the image last, so an
    /// image on disk always has its sidecar: -ResumeFrom finds saved rows by their sidecars, and an image
    /// without one (as when the sidecar failed after the image was saved) made a resume bill its row again.
    /// A sidecar without its image (a crash between the two renames, or the image deleted) is ignored by SavedImages
    /// and replaced here, with or without Force: it describes no file, and refusing it kept a paid image from being saved.
    /// </summary>
    private static void PlaceWithSidecar(string directory, string partial, string final, byte[] sidecar, bool force)
    {
        var sidecarFinal = ImageSidecar.PathFor(final);
        ThrowIfExists(final, force);
        var replaceSidecar = force || !File.Exists(final);
        ThrowIfExists(sidecarFinal, replaceSidecar);
        var tag = "." + Guid.NewGuid().ToString("N").Substring(0, 8);
        var sidecarPartial = InFolder(directory, "." + Path.GetFileName(sidecarFinal) + tag + PartialSuffix);
        string? backup = null;
        var keepBackup = false;
        try
        {
            Local(directory, () => File.WriteAllBytes(sidecarPartial, sidecar));
            if (replaceSidecar && File.Exists(sidecarFinal))
            {
                // The old sidecar is kept aside until the new image is in place, to be put back if it is not.
                backup = InFolder(directory, "." + Path.GetFileName(sidecarFinal) + tag + ".old" + PartialSuffix);
                Local(directory, () => File.Replace(sidecarPartial, sidecarFinal, backup));
            }
            else
            {
                Local(directory, () => MoveIntoPlace(sidecarPartial, sidecarFinal, force: false));
            }

            try
            {
                Local(directory, () => MoveIntoPlace(partial, final, force));
            }
            catch
            {
                // The sidecar must not describe an image that is not there.
                if (backup is null)
                {
                    TryDelete(sidecarFinal);
                }
                else
                {
                    keepBackup = !TryRestore(backup, sidecarFinal);
                }

                throw;
            }
        }
        finally
        {
            TryDelete(sidecarPartial);
            if (backup is not null && !keepBackup)
            {
                TryDelete(backup);
            }
        }
    }

    private static bool TryRestore(string backup, string target)
    {
        try
        {
            File.Replace(backup, target, destinationBackupFileName: null);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // A file system call: its IOException (disk full, a folder gone) or UnauthorizedAccessException (read-only)
    // becomes Bailian.WriteFailed, so the retry policy and the network catch above never see it.
    private static T Local<T>(string directory, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SaveFolder.WriteFailed(directory, e);
        }
    }

    private static void Local(string directory, Action action) => Local(directory, () =>
    {
        action();
        return true;
    });

    private static async Task LocalAsync(string directory, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SaveFolder.WriteFailed(directory, e);
        }
    }

    private void ThrowIfExpired(Uri uri)
    {
        if (Generation.SignedUrl.ExpiresAt(uri.AbsoluteUri) is { } expiresAt && expiresAt <= _clock.GetUtcNow())
        {
            throw Expired(uri, expiresAt);
        }
    }

    // The image is paid for and still on DashScope: how to have it after all (the error's target is the image).
    private const string TryAgain = " The image stays downloadable until its URL expires (24 hours after it was made): " +
        "pipe this error's TargetObject to Save-BailianImage to try again.";

    private static async Task<DownloadException> FailureFromAsync(Uri uri, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.Forbidden && body.IndexOf("expired", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            var expires = Regex.Match(body, "<Expires>([^<]+)</Expires>");
            return Expired(uri, expires.Success && DateTimeOffset.TryParse(expires.Groups[1].Value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var at) ? at : null);
        }

        var transient = status is 408 or 429 or >= 500;
        var retryAfter = response.Headers.RetryAfter?.Delta;
        return new DownloadException(status == 404 ? ErrorIds.ImageNotFound : ErrorIds.DownloadFailed,
            status == 404 ? BailianErrorCategory.ObjectNotFound : BailianErrorCategory.ConnectionError,
            $"Downloading {uri.GetLeftPart(UriPartial.Path)} failed: HTTP {status} {response.ReasonPhrase}." + (status == 404 ? "" : TryAgain), transient, retryAfter);
    }

    private static DownloadException Expired(Uri uri, DateTimeOffset? expiresAt) =>
        new(ErrorIds.UrlExpired, BailianErrorCategory.ResourceUnavailable,
            $"The image URL {uri.GetLeftPart(UriPartial.Path)} expired" +
            (expiresAt is { } at ? $" at {at.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz}" : "") +
            ". DashScope keeps generated images for 24 hours; generate the image again.");

    // A sidecar is in the way only beside its image (see PlaceWithSidecar), or when it is a folder.
    private static void ThrowIfSidecarInTheWay(string imagePath, bool force) =>
        ThrowIfExists(ImageSidecar.PathFor(imagePath), force || !File.Exists(imagePath));

    /// <summary>A file in the way unless <paramref name="force"/> replaces it; a folder in the way always.</summary>
    private static void ThrowIfExists(string path, bool force = false)
    {
        if (Directory.Exists(path))
        {
            throw new DownloadException(ErrorIds.FileExists, BailianErrorCategory.ResourceExists,
                $"'{path}' is a folder, where this image would be saved; -Force replaces files, not folders. Use another -Path or -FileName.");
        }

        if (!force && File.Exists(path))
        {
            throw new DownloadException(ErrorIds.FileExists, BailianErrorCategory.ResourceExists,
                $"'{path}' already exists; Bailian does not overwrite files. Use -Force to replace it, or another -Path or -FileName.");
        }
    }

    /// <summary>Joins and checks the result stays in <paramref name="directory"/>: a name can never climb out.</summary>
    private static string InFolder(string directory, string fileName)
    {
        var full = Path.GetFullPath(Path.Combine(directory, fileName));
        var separators = new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };
        return string.Equals(Path.GetDirectoryName(full)?.TrimEnd(separators), directory.TrimEnd(separators), StringComparison.Ordinal)
            ? full
            : throw new DownloadException(ErrorIds.InvalidFileName, BailianErrorCategory.InvalidArgument,
                $"The file name '{fileName}' would leave the folder '{directory}'.");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover .bailian-partial file is hidden and never taken for an image.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
