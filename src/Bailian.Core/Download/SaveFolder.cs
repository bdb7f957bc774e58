namespace Bailian.Download;

/// <summary>
/// The folder Save-BailianImage writes to. Checked in BeginProcessing, which PowerShell runs for every
/// command of a pipeline before the first row reaches any of them: in
/// <c>Import-Csv | New-BailianImage | Save-BailianImage -Path x</c> nothing has been generated (or billed)
/// yet when an unusable folder stops the pipeline. Without this, each row was billed first and then failed.
/// </summary>
public static class SaveFolder
{
    /// <summary>
    /// Throws unless <paramref name="folder"/> is, or can become, a folder this process can write to. A
    /// missing folder is not made here (-WhatIf makes nothing): the nearest existing one above it is checked.
    /// </summary>
    public static void Check(string folder)
    {
        var full = Path.GetFullPath(folder);
        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw NotAFolder(full, existing);
            }

            var parent = Path.GetDirectoryName(existing);
            if (string.IsNullOrEmpty(parent))
            {
                return; // a drive that is not there: creating the folder will say so
            }

            existing = parent!;
        }

        Probe(existing, full);
    }

    /// <summary>Creates the folder for a download; what stops it is a local error, never a network one.</summary>
    internal static void Create(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Check(folder); // says which part is a file, or that it cannot be written
            throw WriteFailed(folder, e);
        }
    }

    /// <summary>
    /// A failure of the local file system (permissions, a read-only or full disk, a folder gone): never
    /// transient, as no retry of the download can fix it, and never blamed on the network.
    /// </summary>
    internal static DownloadException WriteFailed(string folder, Exception e) =>
        e as DownloadException ?? new DownloadException(ErrorIds.WriteFailed, BailianErrorCategory.WriteError,
            $"Could not write to '{folder}': {e.Message.TrimEnd('.')}. Nothing was saved for this image; its URL still works until it " +
            "expires, so free space or fix the folder and save it again.", transient: false, inner: e);

    // Creating (and deleting) a file is the only sure test: permissions, ACLs, read-only mounts and
    // quotas all show there.
    private static void Probe(string existing, string full)
    {
        var probe = Path.Combine(existing, ".bailian-probe-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".bailian-partial");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var where = existing == full ? "" : $" (where '{full}' would be made)";
            throw new DownloadException(ErrorIds.PathNotWritable, BailianErrorCategory.PermissionDenied,
                $"Cannot create files in the folder '{existing}'{where}: {e.Message.TrimEnd('.')}. Give a -Path you can write to.", inner: e);
        }
    }

    private static DownloadException NotAFolder(string full, string file) =>
        new(ErrorIds.PathNotFolder, BailianErrorCategory.InvalidArgument,
            full == file
                ? $"-Path '{full}' is a file, not a folder: give the folder to save into (-FileName sets the file names)."
                : $"-Path '{full}' cannot be a folder: '{file}' is a file.");
}
