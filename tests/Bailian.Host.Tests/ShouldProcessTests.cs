using System;
using System.Collections.Generic;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>
/// Which commands ask before acting at a given $ConfirmPreference. The hosted runspace has no UI to answer,
/// so a command that asks fails with HostFunctionNotImplemented, and sends nothing.
/// </summary>
public sealed class ShouldProcessTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose() => _shell.Dispose();

    private const string Asked = "HostFunctionNotImplemented";

    [Theory]
    [InlineData("New-BailianImage 'a cat' @Emulator")]
    [InlineData("Edit-BailianImage 'make it blue' -Image photo.png @Emulator")]
    [InlineData("Stop-BailianTask 0385dc79-5ff8-4d82-bcb6-0a1b2c3d4e5f @Emulator")]
    public void Billable_and_cancelling_calls_ask_at_medium_and_send_nothing(string script)
    {
        _shell.WritePng("photo.png");

        var result = _shell.Invoke("$ConfirmPreference = 'Medium'; " + script);

        Assert.StartsWith(Asked + ",", Assert.Single(result.ErrorIds), StringComparison.Ordinal);
        Assert.Empty(emulator.ApiRequests);
    }

    [Theory]
    [InlineData("Medium", false)]
    [InlineData("Low", true)]
    public void Saving_asks_only_at_low(string preference, bool asks)
    {
        _shell.Invoke("$url = (New-BailianImage 'a cat' @Emulator).Url").AssertNoErrors();

        var result = _shell.Invoke("$ConfirmPreference = $preference; Save-BailianImage $url",
            new Dictionary<string, object?> { ["preference"] = preference });

        Assert.Equal(asks, result.ErrorIds is [var id] && id.StartsWith(Asked + ",", StringComparison.Ordinal));
        Assert.Equal(asks ? 0 : 1, emulator.Downloads.Count);
    }
}
