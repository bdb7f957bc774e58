using System;
using System.Collections.Generic;
using System.Linq;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>What each command really writes is one of the types it declares (Get-Command's OutputType, which completion after a pipe relies on).</summary>
public sealed class OutputTypeTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("New-BailianImage", "New-BailianImage 'a cat' @Emulator", "Bailian.ImageResult")]
    [InlineData("New-BailianImage", "New-BailianImage 'a cat' @Emulator -Async", "Bailian.ImageTask")]
    [InlineData("Edit-BailianImage", "Edit-BailianImage 'make it blue' -Image photo.png @Emulator", "Bailian.ImageResult")]
    [InlineData("Edit-BailianImage", "Edit-BailianImage 'make it blue' -Image photo.png -Model wan2.6-image @Emulator -Async", "Bailian.ImageTask")]
    [InlineData("Save-BailianImage", "New-BailianImage 'a cat' @Emulator | Save-BailianImage", "System.IO.FileInfo")]
    [InlineData("Get-BailianTask", "New-BailianImage 'a cat' @Emulator -Async | Get-BailianTask -ApiKey $Emulator.ApiKey", "Bailian.ImageTask")]
    [InlineData("Get-BailianModel", "Get-BailianModel qwen-image-plus", "Bailian.ModelInfo")]
    [InlineData("Connect-Bailian", "Connect-Bailian @Emulator", "Bailian.ConnectionInfo")]
    [InlineData("Get-BailianConnection", "Get-BailianConnection", "Bailian.ConnectionInfo")]
    [InlineData("Import-BailianPrompt", "Set-Content prompt.txt 'a cat'; Import-BailianPrompt prompt.txt", "Bailian.PromptFileRow")]
    public void Each_command_writes_a_type_it_declares(string command, string script, string expected)
    {
        _shell.WritePng("photo.png");

        var written = _shell.Invoke(script).AssertNoErrors().OnlyOutput();
        var declared = _shell.Invoke("(Get-Command $command).OutputType.Name", new Dictionary<string, object?> { ["command"] = command }).Output.Select(o => o.ToString());

        Assert.Equal(expected, written.TypeName());
        Assert.Contains(expected, declared);
    }
}
