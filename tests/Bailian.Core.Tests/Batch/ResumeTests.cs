using System;
using System.IO;
using System.Linq;
using Bailian.Batch;
using Bailian.Catalog;
using Bailian.Download;
using Bailian.Generation;
using Bailian.Tests.Support;

namespace Bailian.Tests.Batch;

/// <summary>Row keys, metadata sidecars and finding the rows an earlier run saved.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static PreparedGeneration Prepare(string prompt = "a red fox", string? name = "fox", int? count = null, string model = "qwen-image-plus") =>
        TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = prompt, Name = name, Count = count, Model = model }, ModelCatalog.Default);

    [Fact]
    public void The_same_row_gets_the_same_key_and_any_change_that_alters_the_image_a_new_one()
    {
        Assert.Equal(RowKey.Of(Prepare()), RowKey.Of(Prepare()));
        Assert.Matches("^[0-9a-f]{32}$", RowKey.Of(Prepare()));
        Assert.NotEqual(RowKey.Of(Prepare()), RowKey.Of(Prepare(prompt: "a red fox.")));
        Assert.NotEqual(RowKey.Of(Prepare()), RowKey.Of(Prepare(name: "fox2")));
        Assert.NotEqual(RowKey.Of(Prepare()), RowKey.Of(Prepare(model: "qwen-image-max")));
        var seeded = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "a red fox", Name = "fox", Seed = 1 }, ModelCatalog.Default);
        Assert.NotEqual(RowKey.Of(Prepare()), RowKey.Of(seeded));
    }

    [Fact]
    public void A_sidecar_records_the_image_and_reads_back_as_its_result()
    {
        var imagePath = _folder.Write("20260115_143022_fox_0.png", ImageBytes.Png(10, 10));
        var image = new ImageResult
        {
            Url = "https://x/1.png?Expires=1", Model = "qwen-image-plus", Prompt = "a red fox", ActualPrompt = "a red fox, detailed",
            Size = "1328*1328", Seed = 7, Index = 0, RequestId = "r", Region = "cn-beijing", Name = "fox", RowKey = "abc",
            CreatedAt = new DateTimeOffset(2026, 1, 15, 14, 30, 22, TimeSpan.Zero),
        };
        image.Columns["project"] = "zoo";

        ImageSidecar.From(image, new FileInfo(imagePath), DateTimeOffset.Now).WriteFor(imagePath, force: false);

        var sidecarPath = imagePath + ".json";
        var json = File.ReadAllText(sidecarPath);
        Assert.Contains("\"row_key\": \"abc\"", json, StringComparison.Ordinal);
        Assert.Contains("\"actual_prompt\": \"a red fox, detailed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"project\": \"zoo\"", json, StringComparison.Ordinal);
        var back = ImageSidecar.TryRead(sidecarPath)!.ToImageResult(imagePath);
        Assert.Equal(("a red fox", "qwen-image-plus", 7L, "abc", imagePath, "zoo"),
            (back.Prompt, back.Model, back.Seed, back.RowKey, back.SavedPath, back.Columns["project"]));
        Assert.Single(Directory.GetFiles(_folder.Path, "*.json"));
        Assert.Throws<IOException>(() => ImageSidecar.From(image, new FileInfo(imagePath), DateTimeOffset.Now).WriteFor(imagePath, force: false));
    }

    [Fact]
    public void A_row_is_done_only_when_all_its_images_and_their_files_are_there()
    {
        void Save(string file, string key, int index)
        {
            var path = _folder.Write(file, ImageBytes.Png(10, 10));
            ImageSidecar.From(new ImageResult { Url = "u", Prompt = "p", Model = "m", RowKey = key, Index = index }, new FileInfo(path), DateTimeOffset.Now)
                .WriteFor(path, force: false);
        }

        Save("a_0.png", "row-a", 0);
        Save("a_1.png", "row-a", 1);
        Save("b_0.png", "row-b", 0);
        Save("c_0.png", "row-c", 0);
        File.Delete(Path.Combine(_folder.Path, "c_0.png")); // its image is gone
        File.WriteAllText(Path.Combine(_folder.Path, "notes.json"), "{ not a sidecar");

        var saved = SavedImages.Load(_folder.Path);

        Assert.Equal([0, 1], saved.Find("row-a", 2)!.Select(i => i.Index));
        Assert.Null(saved.Find("row-b", 2));
        Assert.NotNull(saved.Find("row-b", 1));
        Assert.Null(saved.Find("row-c", 1));
        Assert.Equal(0, SavedImages.Load(Path.Combine(_folder.Path, "missing")).RowCount);
    }
}
