using Bailian.Generation;

namespace Bailian.Download;

/// <summary>
/// The file names one Save-BailianImage run has given out. A -FileName template that maps two images of
/// the run to one name is an error naming both: otherwise the second was Bailian.FileExists, and with
/// -Force it silently replaced the first — an image paid for, lost.
/// </summary>
/// <remarks>
/// What is knowable when: the template alone (checked in BeginProcessing, before anything upstream is
/// generated) says only whether its tokens exist. Whether it tells images apart depends on the images: a
/// constant name is right for one image and wrong for two, and {name} is right for rows with distinct
/// names. How many images come, and what they are called, is known only as each arrives, and by then it
/// is billed. So a collision is found when its second image arrives, before that image is downloaded:
/// the first keeps its file, and the second is an error that still carries its URL.
/// </remarks>
internal sealed class RunFileNames
{
    // Only what the message needs, not the job: a long CSV run should not keep every result alive.
    private readonly Dictionary<string, (string Identity, int? Row, string Url)> _claimed = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _lock = new();

    /// <summary>Null when the job's name is its own (or already its image's); else the collision error.</summary>
    public BailianException? Claim(SaveJob job)
    {
        // Compared as the downloader will write it, and without case: Windows and macOS file names ignore it.
        var stem = SafeFileName.Clean(job.Target.FileStem);
        var key = job.Target.Directory + "\0" + stem;
        var identity = FileNameTemplate.Identity(job.Image);
        lock (_lock)
        {
            if (!_claimed.TryGetValue(key, out var first))
            {
                var url = Uri.TryCreate(job.Image.Url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : job.Image.Url;
                _claimed[key] = (identity, job.Row, url);
                return null;
            }

            // The same image twice is not two images: the downloader says the file is there already.
            if (string.Equals(first.Identity, identity, StringComparison.Ordinal))
            {
                return null;
            }

            var other = first.Row is { } row ? $"Row {row}" : "an image given on the command line";
            var until = SignedUrl.ExpiresAt(job.Image.Url) is { } at ? $" (until {at.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz})" : "";
            return new DownloadException(ErrorIds.FileNameCollision, BailianErrorCategory.InvalidArgument,
                $"-FileName names this image '{stem}', the name it already gave {other} ({first.Url}) in this run: one of the two would be lost. " +
                $"This image was not saved; its URL still works{until}. Put {{id}}, which is unique to each image, in -FileName " +
                $"(the default is {FileNameTemplate.Default}).");
        }
    }
}
