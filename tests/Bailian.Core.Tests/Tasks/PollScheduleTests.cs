using System;
using System.Linq;
using Bailian.Tasks;

namespace Bailian.Tests.Tasks;

public class PollScheduleTests
{
    [Fact]
    public void Follows_the_official_SDK_schedule()
    {
        var schedule = new PollSchedule();
        var seconds = Enumerable.Range(0, 12).Select(_ => schedule.Next().TotalSeconds);
        Assert.Equal([1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5, 5], seconds);
    }
}
