using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Bailian.Tests.Emulator;

/// <summary>Waits for something the server does on its own time (a request arriving, a slot taken), never a fixed sleep.</summary>
internal static class Poll
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, $"Gave up waiting for {what}.");
            await Task.Delay(5);
        }
    }
}
