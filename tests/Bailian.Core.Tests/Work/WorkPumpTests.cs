using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Work;

namespace Bailian.Tests.Work;

public class WorkPumpTests
{
    [Fact]
    public void Messages_from_worker_threads_are_written_on_the_calling_thread_in_order()
    {
        using var pump = new WorkPump();
        var caller = Environment.CurrentManagedThreadId;
        var written = new List<(string, int)>();
        var result = pump.Run(async token =>
        {
            for (var i = 0; i < 20; i++)
            {
                await Task.Yield();
                pump.Verbose($"step {i}");
            }

            pump.Warning("done");
            return 42;
        }, message => written.Add((message.Text, Environment.CurrentManagedThreadId)), CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(21, written.Count);
        Assert.All(written, entry => Assert.Equal(caller, entry.Item2));
        Assert.Equal("step 0", written[0].Item1);
        Assert.Equal("done", written[^1].Item1);
    }

    [Fact]
    public void The_work_exception_is_rethrown_after_its_messages()
    {
        using var pump = new WorkPump();
        var written = new List<string>();
        var error = Assert.Throws<BailianValidationException>(() => pump.Run<int>(_ =>
        {
            pump.Verbose("before");
            throw new BailianValidationException("Bailian.Test", "boom");
        }, message => written.Add(message.Text), CancellationToken.None));
        Assert.Equal("boom", error.Message);
        Assert.Equal(["before"], written);
    }

    [Fact]
    public void Cancellation_reaches_the_work()
    {
        using var pump = new WorkPump();
        using var stop = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => pump.Run(async token =>
        {
            stop.Cancel();
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }, _ => { }, stop.Token));
    }
}
