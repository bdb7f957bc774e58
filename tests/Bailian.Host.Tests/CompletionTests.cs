using System;
using System.Collections.Generic;
using System.Linq;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>Tab completion as PowerShell offers it (TabExpansion2), not as the attributes say it should.</summary>
public sealed class CompletionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose() => _shell.Dispose();

    private string[] Complete(string line) =>
        _shell.Invoke("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText",
            new Dictionary<string, object?> { ["line"] = line }).AssertNoErrors().Output.OfType<object>().Select(o => o.ToString()!).ToArray();

    [Theory]
    [InlineData("New-BailianImage -Model qwen-image-p", "qwen-image-plus")]
    [InlineData("New-BailianImage -Model wan2.2", "wan2.2-t2i-flash")]
    [InlineData("Edit-BailianImage -Model qwen-image-edit-p", "qwen-image-edit-plus")]
    [InlineData("Edit-BailianImage -Model wanx2.1", "wanx2.1-imageedit")]
    [InlineData("Get-BailianModel wan2.6-i", "wan2.6-image")]
    [InlineData("Get-BailianTask -Model wan2.2-t", "wan2.2-t2i-flash")]
    [InlineData("New-BailianImage -Size 1328", "'1328*1328'")]
    [InlineData("New-BailianImage -Model wan2.6-t2i -Size 1280", "'1280*1280'")]
    [InlineData("New-BailianImage -Region Sing", "ap-southeast-1")]
    [InlineData("Connect-Bailian -Region cn-b", "cn-beijing")]
    [InlineData("Edit-BailianImage -Function ex", "expand")]
    public void Values_are_completed(string line, string offered) => Assert.Contains(offered, Complete(line));

    [Theory]
    [InlineData("New-BailianImage -Model qwen-image-edit", "qwen-image-edit-plus")]
    [InlineData("Edit-BailianImage -Model wan2.2", "wan2.2-t2i-flash")]
    [InlineData("New-BailianImage -Model wan2.6-t2i -Size 1328", "'1328*1328'")]
    public void Values_of_another_model_or_command_are_not_offered(string line, string notOffered) =>
        Assert.DoesNotContain(notOffered, Complete(line));

    [Theory]
    [InlineData("New-BailianImage")]
    [InlineData("Edit-BailianImage")]
    [InlineData("Save-BailianImage")]
    [InlineData("Get-BailianTask")]
    [InlineData("Stop-BailianTask")]
    public void The_pipeline_row_parameter_is_not_offered(string command)
    {
        var parameters = Complete(command + " -");

        Assert.NotEmpty(parameters);
        Assert.DoesNotContain("-InputObject", parameters);
    }
}
