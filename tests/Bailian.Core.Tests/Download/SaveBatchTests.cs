using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Catalog;
using Bailian.Download;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Work;
using Bailian.Tests.Support;

namespace Bailian.Tests.Download;

/// <summary>
/// A run of saves against the emulator: every image paid for ends up in a file of its own, or in an
/// error that says why; nothing on disk that a resume cannot see.
/// </summary>
public sealed class SaveBatchTests : IClassFixture<ManualClockEmulatorFixture>, IDisposable
{
    private static readonly DateTimeOffset SameSecond = new(2026, 1, 15, 14, 30, 22, TimeSpan.Zero);

    private readonly ManualClockEmulatorFixture _emulator;
    private readonly DashScopeTransport _transport = new();
    private readonly TempFolder _folder = new();

    public SaveBatchTests(ManualClockEmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
    }

    public void Dispose()
    {
        _transport.Dispose();
        _folder.Dispose();
    }

    private async Task<List<ImageResult>> Generate(int count, string name)
    {
        var images = new List<ImageResult>();
        for (var i = 0; i < count; i++)
        {
            var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = $"一只橘猫 {i}", Name = name }, ModelCatalog.Default);
            var outcome = await Clients.For(_transport).GenerateAsync(prepared, _emulator.Connect(), new TransportOptions(), NullLog.Instance,
                CancellationToken.None);
            var image = outcome.Images.Single();
            image.CreatedAt = SameSecond;
            image.RowKey = $"row-{i + 1}";
            images.Add(image);
        }

        return images;
    }

    /// <summary>Saves each image under the stem <paramref name="stemOf"/> gives it, as rows 1, 2, …; returns the outcomes in order.</summary>
    private async Task<List<SaveOutcome>> SaveAll(List<ImageResult> images, Func<ImageResult, string> stemOf, bool force = false,
        bool metadata = false, string? folder = null)
    {
        var outcomes = new ConcurrentQueue<SaveOutcome>();
        using (var batch = Clients.For(_transport).NewSaveBatch(4, ordered: true, new TransportOptions { MaxRetryCount = 0 },
                   outcomes.Enqueue, NullLog.Instance))
        {
            for (var i = 0; i < images.Count; i++)
            {
                var target = new DownloadTarget(folder ?? _folder.Path, stemOf(images[i]), force);
                await batch.AddAsync(new SaveJob(images[i], target, images[i], metadata) { Row = i + 1 }, CancellationToken.None);
            }

            await batch.CompleteAsync();
        }

        return outcomes.ToList();
    }

    private string[] FilesInFolder() => Directory.GetFileSystemEntries(_folder.Path).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public async Task Five_images_of_one_second_and_one_name_are_five_files_under_the_default_name()
    {
        var images = await Generate(5, "cat");

        var outcomes = await SaveAll(images, image => FileNameTemplate.Expand(FileNameTemplate.Default, image, DateTimeOffset.Now));

        Assert.All(outcomes, outcome => Assert.Null(outcome.Error));
        Assert.Equal(5, FilesInFolder().Length);
        Assert.Equal(5, outcomes.Select(o => o.File!.FullName).Distinct().Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_template_giving_two_images_of_a_run_one_name_keeps_the_first_and_names_both_in_the_error(bool force)
    {
        var images = await Generate(3, "cat");

        var outcomes = await SaveAll(images, image => FileNameTemplate.Expand("{name}", image, DateTimeOffset.Now), force);

        Assert.Equal(["cat.png"], FilesInFolder());
        Assert.Equal(images[0].Url, outcomes[0].Job.Image.Url);
        Assert.NotNull(outcomes[0].File);
        foreach (var outcome in outcomes.Skip(1))
        {
            Assert.Null(outcome.File);
            Assert.Equal("Bailian.FileNameCollision", outcome.Error!.ErrorId);
            Assert.Contains("Row 1", outcome.Error.Message, StringComparison.Ordinal);
            Assert.Contains(new Uri(images[0].Url).AbsolutePath, outcome.Error.Message, StringComparison.Ordinal);
            Assert.Contains("{id}", outcome.Error.Message, StringComparison.Ordinal);
        }

        // Nothing overwrote the first image, not even with -Force: the file is the first image's bytes.
        Assert.Equal(await _transport.HttpClient.GetByteArrayAsync(images[0].Url), await File.ReadAllBytesAsync(Path.Combine(_folder.Path, "cat.png")));
    }

    [Fact]
    public async Task With_metadata_the_image_and_its_sidecar_are_saved_together_and_resume_sees_the_row()
    {
        var images = await Generate(1, "fox");

        var outcomes = await SaveAll(images, _ => "fox", metadata: true);

        Assert.Null(outcomes.Single().Error);
        Assert.Equal(["fox.png", "fox.png.json"], FilesInFolder());
        Assert.Equal(Path.Combine(_folder.Path, "fox.png"), SavedImages.Load(_folder.Path).Find("row-1", 1)!.Single().SavedPath);
    }

    // Issue 9: when the sidecar failed, the image stayed without it; a later -ResumeFrom could not see the
    // row and billed it again. Now both are saved or neither.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_sidecar_that_cannot_be_written_leaves_no_image_that_resume_cannot_see(bool force)
    {
        var images = await Generate(1, "fox");
        Directory.CreateDirectory(Path.Combine(_folder.Path, "fox.png.json")); // in the sidecar's way, even for -Force

        var outcomes = await SaveAll(images, _ => "fox", force, metadata: true);

        var error = outcomes.Single().Error;
        Assert.NotNull(error);
        Assert.Contains("fox.png.json", error!.Message, StringComparison.Ordinal);
        Assert.Equal(["fox.png.json"], FilesInFolder());
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task Replacing_with_force_keeps_image_and_sidecar_together()
    {
        var first = await Generate(1, "fox");
        await SaveAll(first, _ => "fox", metadata: true);
        var second = await Generate(1, "fox");

        var outcomes = await SaveAll(second, _ => "fox", force: true, metadata: true);

        Assert.Null(outcomes.Single().Error);
        Assert.Equal(["fox.png", "fox.png.json"], FilesInFolder());
        Assert.Equal(second[0].Url, ImageSidecar.TryRead(Path.Combine(_folder.Path, "fox.png.json"))!.Url);
    }

    [Fact]
    public async Task A_folder_that_is_a_file_is_a_write_failure_not_a_metadata_one()
    {
        var images = await Generate(1, "fox");
        var file = _folder.Write("afile.txt", [1, 2, 3]);

        var outcomes = await SaveAll(images, _ => "fox", metadata: true, folder: file);

        Assert.Equal("Bailian.PathNotFolder", outcomes.Single().Error!.ErrorId);
        Assert.Contains("afile.txt", outcomes.Single().Error!.Message, StringComparison.Ordinal);
    }
}
