using System;
using Bailian.Tasks;

namespace Bailian.Tests.Tasks;

public class TaskTimesTests
{
    [Theory]
    [InlineData("2025-01-08 16:03:59.840", 2025, 1, 8, 16, 3, 59, 840)]
    [InlineData("2025-01-08 16:03:59", 2025, 1, 8, 16, 3, 59, 0)]
    [InlineData("2025-01-08 16:03:59.8", 2025, 1, 8, 16, 3, 59, 800)]
    public void Task_query_times_are_Beijing_time(string text, int y, int mo, int d, int h, int mi, int s, int ms) =>
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, ms, TimeSpan.FromHours(8)), TaskTimes.ParseText(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    public void Missing_or_odd_times_are_null(string? text) => Assert.Null(TaskTimes.ParseText(text));

    [Fact]
    public void List_times_are_epoch_milliseconds_and_match_the_query_times()
    {
        // The C# SDK's fixtures pair end_time 13:55:47 (query) with gmt 05:55:47Z (list): the same instant.
        var fromList = TaskTimes.FromEpochMilliseconds(new DateTimeOffset(2024, 4, 18, 5, 55, 47, TimeSpan.Zero).ToUnixTimeMilliseconds());
        Assert.Equal(TaskTimes.ParseText("2024-04-18 13:55:47"), fromList);
        Assert.Null(TaskTimes.FromEpochMilliseconds(null));
    }

    [Fact]
    public void List_window_bounds_are_written_in_Beijing_time() =>
        Assert.Equal("20240418135547", TaskTimes.ToQueryText(new DateTimeOffset(2024, 4, 18, 5, 55, 47, TimeSpan.Zero)));
}
