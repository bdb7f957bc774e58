using System;
using Bailian.Emulator;
using Bailian.Emulator.Generation;
using Bailian.Emulator.Pipeline;
using Bailian.Emulator.Results;
using Bailian.Emulator.Uploads;
using Bailian.Tests.Support;

namespace Bailian.Tests.Emulator;

/// <summary>
/// What the emulator keeps of the images it served, counted (not timed): a long benchmark must not fill the machine's
/// memory with PNGs nobody asks for again, and an image asked for again must be the same bytes.
/// </summary>
public class ResultStoreMemoryTests
{
    private static readonly Uri ResultBase = new("http://127.0.0.1:1/");

    [Fact]
    public void Rendered_images_kept_stay_bounded_however_many_are_downloaded()
    {
        var store = NewStore();
        var ids = new string[ResultStore.MaxCachedRenders * 3];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = IdOf(store.Publish(ResultBase, Spec(i)));
            Assert.NotNull(store.Find(ids[i]));
        }

        Assert.InRange(store.CachedRenders, 1, ResultStore.MaxCachedRenders);
    }

    [Fact]
    public void An_image_dropped_from_the_cache_downloads_as_the_same_bytes()
    {
        var store = NewStore();
        var first = IdOf(store.Publish(ResultBase, Spec(0)));
        var before = store.Find(first)!.ToArray();
        for (var i = 1; i <= ResultStore.MaxCachedRenders * 2; i++)
        {
            store.Find(IdOf(store.Publish(ResultBase, Spec(i))));
        }

        Assert.Equal(before, store.Find(first)!.ToArray());
    }

    private static ResultStore NewStore()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var control = new EmulatorControl(new RequestLog(), new UploadStore(clock));
        return new ResultStore(clock, TimeSpan.FromHours(24), control);
    }

    private static ImageSpec Spec(int i) => new($"row {i}", i, 0, new ImageSize(64, 64));

    private static string IdOf(Uri url) => System.IO.Path.GetFileNameWithoutExtension(url.AbsolutePath);
}
