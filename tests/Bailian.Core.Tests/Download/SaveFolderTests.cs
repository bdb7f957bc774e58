using System;
using System.IO;
using Bailian.Download;
using Bailian.Tests.Support;

namespace Bailian.Tests.Download;

/// <summary>The folder Save-BailianImage writes to, checked before anything upstream is generated.</summary>
public sealed class SaveFolderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_file_is_not_a_folder()
    {
        var file = _folder.Write("afile.txt", [1]);

        var error = Assert.Throws<DownloadException>(() => SaveFolder.Check(file));

        Assert.Equal("Bailian.PathNotFolder", error.ErrorId);
        Assert.Contains($"'{file}' is a file, not a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_below_a_file_cannot_be_made()
    {
        var file = _folder.Write("afile.txt", [1]);

        var error = Assert.Throws<DownloadException>(() => SaveFolder.Check(Path.Combine(file, "out", "deeper")));

        Assert.Equal("Bailian.PathNotFolder", error.ErrorId);
        Assert.Contains($"'{file}' is a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_fine_and_not_made_yet()
    {
        var missing = Path.Combine(_folder.Path, "new", "out");

        SaveFolder.Check(missing);

        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "new")));
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Fact]
    public void A_writable_folder_passes_and_the_probe_leaves_nothing_behind()
    {
        SaveFolder.Check(_folder.Path);

        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_is_refused()
    {
        var readOnly = UnwritableFolder.In(_folder);
        if (readOnly is null)
        {
            return;
        }

        try
        {
            var error = Assert.Throws<DownloadException>(() => SaveFolder.Check(Path.Combine(readOnly, "out")));

            Assert.Equal("Bailian.PathNotWritable", error.ErrorId);
            Assert.Equal(BailianErrorCategory.PermissionDenied, error.Category);
            Assert.Contains($"'{readOnly}'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            UnwritableFolder.Restore(readOnly);
        }
    }
}
