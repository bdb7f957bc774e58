using Bailian.Catalog;
using Bailian.Generation;
using Bailian.Work;
using Xunit;

namespace Bailian.Tests.Work;

/// <summary>
/// The import's warm-up is only worth its thread if it really runs the send path: a row that failed early (a
/// planner or batch change it did not follow) would warm nothing and still pass silently (issue 12, cold start).
/// </summary>
public sealed class ColdStartTests
{
    [Fact]
    public void The_warm_up_row_goes_all_the_way_to_an_image_without_leaving_the_process()
    {
        var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "warm-up" }, ModelCatalog.Default);

        var outcome = ColdStart.SendInMemory(prepared);

        Assert.NotNull(outcome);
        Assert.Empty(outcome!.Failures);
        var image = Assert.Single(outcome.Images);
        Assert.Equal("https://example.invalid/a.png", image.Url);
    }
}
