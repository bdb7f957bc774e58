using System;
using System.Linq;
using Bailian.Tasks;

namespace Bailian.Tests.Tasks;

public class TaskListQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Without_bounds_it_is_the_last_24_hours()
    {
        var window = Assert.Single(new TaskListQuery().Windows(Now));
        Assert.Equal((Now.AddHours(-24), Now), window);
    }

    [Fact]
    public void A_long_range_is_split_into_24_hour_windows_newest_first_without_overlap()
    {
        var windows = new TaskListQuery(After: Now.AddHours(-60), Before: Now).Windows(Now).ToList();

        Assert.Equal(3, windows.Count);
        Assert.Equal(Now, windows[0].End);
        Assert.Equal(Now.AddHours(-60), windows[^1].Start);
        Assert.All(windows, w => Assert.True(w.End - w.Start <= TaskListQuery.LongestWindow));
        for (var i = 1; i < windows.Count; i++)
        {
            Assert.Equal(windows[i - 1].Start - TimeSpan.FromSeconds(1), windows[i].End);
        }
    }

    [Fact]
    public void After_later_than_Before_is_an_error() =>
        Assert.Equal("Bailian.InvalidTimeRange",
            Assert.Throws<BailianValidationException>(() => new TaskListQuery(After: Now, Before: Now.AddHours(-1)).Windows(Now).ToList()).ErrorId);

    [Fact]
    public void After_in_the_future_without_Before_says_now_not_Before()
    {
        var error = Assert.Throws<BailianValidationException>(() => new TaskListQuery(After: Now.AddDays(1)).Windows(Now).ToList());

        Assert.Equal("Bailian.InvalidTimeRange", error.ErrorId);
        Assert.Contains("is later than now", error.Message);
        Assert.DoesNotContain("-Before", error.Message);
    }
}
