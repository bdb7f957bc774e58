using System;
using System.Linq;
using Bailian.Emulator;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>
/// A pipeline stopped by a command downstream (Select-Object -First): nothing more is sent, and with -ResumeFrom the
/// calls in flight, which may be billed, finish into the journal instead of being cut off.
/// </summary>
public sealed class StoppedDownstreamTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string EightRows = "1..8 | ForEach-Object { \"downstream row $_\" }";

    [Fact]
    public void With_ResumeFrom_the_calls_in_flight_finish_into_the_journal_and_a_rerun_has_them_without_sending_again()
    {
        var host = new PromptingHost("unused");
        using var shell = new HostedPowerShell(emulator, host);
        // Row 1's call takes 2 s: it is in flight when row 2's result stops the pipeline.
        emulator.Control.EnqueueApiFault(EmulatorFault.Delay(TimeSpan.FromSeconds(2)));

        var first = shell.Invoke($"{EightRows} | New-BailianImage @Emulator -ResumeFrom out -ThrottleLimit 4 | Select-Object -First 1").AssertNoErrors();

        Assert.Single(first.Output);
        Assert.Matches(@"letting \d create call\(s\) in flight end.*\d image\(s\) generated after the pipeline stopped were not written out.*rerun with -ResumeFrom",
            host.Written.Replace(Environment.NewLine, " "));

        // No row is listed as maybe billed (Bailian.OutcomeUnknown): every call sent had its answer journaled.
        var rerun = shell.Invoke($"{EightRows} | New-BailianImage @Emulator -ResumeFrom out").AssertNoErrors();

        Assert.Equal(8, rerun.Output.Count);
        var prompts = emulator.ApiRequests.Select(r => r.Prompt()).ToList();
        Assert.Equal(prompts.Distinct().Count(), prompts.Count); // no row sent twice over both runs
        Assert.Equal(8, prompts.Count);
    }

    [Fact]
    public void Without_ResumeFrom_the_calls_cut_off_are_named_as_possibly_billed()
    {
        var host = new PromptingHost("unused");
        using var shell = new HostedPowerShell(emulator, host);
        emulator.Control.EnqueueApiFault(EmulatorFault.Delay(TimeSpan.FromSeconds(2)));

        shell.Invoke($"{EightRows} | New-BailianImage @Emulator -ThrottleLimit 4 | Select-Object -First 1").AssertNoErrors();

        Assert.Matches(@"The pipeline stopped with \d create call\(s\) in flight: they are cut off, and DashScope may bill them", host.Written);
    }
}
