using System;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>The ranges of the commands' own settings (timeouts, retries, concurrency), as binding enforces them.</summary>
public sealed class CommandSettingsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("New-BailianImage 'a cat' @Emulator -TimeoutSec 0", "NewBailianImageCommand")]
    [InlineData("New-BailianImage 'a cat' @Emulator -TimeoutSec 86401", "NewBailianImageCommand")]
    [InlineData("New-BailianImage 'a cat' @Emulator -MaxRetryCount -1", "NewBailianImageCommand")]
    [InlineData("New-BailianImage 'a cat' @Emulator -MaxRetryCount 21", "NewBailianImageCommand")]
    [InlineData("New-BailianImage 'a cat' @Emulator -ThrottleLimit 0", "NewBailianImageCommand")]
    [InlineData("New-BailianImage 'a cat' @Emulator -ThrottleLimit 65", "NewBailianImageCommand")]
    [InlineData("Edit-BailianImage 'make it blue' -Image photo.png @Emulator -ThrottleLimit 0", "EditBailianImageCommand")]
    [InlineData("Edit-BailianImage 'make it blue' -Image photo.png @Emulator -ThrottleLimit 65", "EditBailianImageCommand")]
    [InlineData("Save-BailianImage $url -ThrottleLimit 0", "SaveBailianImageCommand")]
    [InlineData("Save-BailianImage $url -ThrottleLimit 65", "SaveBailianImageCommand")]
    [InlineData("Save-BailianImage $url -TimeoutSec 0", "SaveBailianImageCommand")]
    [InlineData("Save-BailianImage $url -MaxRetryCount 21", "SaveBailianImageCommand")]
    [InlineData("Get-BailianTask 0385dc79-5ff8-4d82-bcb6-0a1b2c3d4e5f @Emulator -TimeoutSec 0", "GetBailianTaskCommand")]
    public void Out_of_range_settings_are_refused_before_anything_is_sent(string script, string cmdlet)
    {
        _shell.WritePng("photo.png");

        var result = _shell.Invoke("$url = 'http://127.0.0.1:9/results/x.png'; " + script);

        Assert.Equal("ParameterArgumentValidationError,Bailian.Commands." + cmdlet, Assert.Single(result.ErrorIds));
        Assert.Empty(emulator.Control.Requests);
    }

    [Theory]
    [InlineData("-TimeoutSec 1 -MaxRetryCount 0 -ThrottleLimit 1")]
    [InlineData("-TimeoutSec 86400 -MaxRetryCount 20 -ThrottleLimit 64 -Ordered")]
    public void Settings_at_the_ends_of_their_ranges_are_taken(string settings)
    {
        _shell.WritePng("photo.png");

        _shell.Invoke($"""
            New-BailianImage 'a cat' @Emulator {settings} | Save-BailianImage {settings}
            Edit-BailianImage 'make it blue' -Image photo.png @Emulator {settings}
            """).AssertNoErrors();

        Assert.Equal(2, emulator.ApiRequests.Count);
        Assert.Single(emulator.Downloads);
    }
}
