using System;
using System.IO;
using System.Linq;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>What Save-BailianImage binds: a URL however it comes, the folder, and whether it may overwrite.</summary>
public sealed class SaveBailianImageBindingTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly HostedPowerShell _shell;

    public SaveBailianImageBindingTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _shell = new HostedPowerShell(emulator);
        _shell.Invoke("$url = (New-BailianImage 'a cat' @Emulator).Url").AssertNoErrors();
        emulator.Control.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("Save-BailianImage $url")]
    [InlineData("$url | Save-BailianImage")]
    [InlineData("[pscustomobject]@{ Url = $url } | Save-BailianImage")]
    [InlineData("[pscustomobject]@{ image = $url } | Save-BailianImage")]
    [InlineData("[pscustomobject]@{ image_url = $url } | Save-BailianImage")]
    public void The_url_binds_by_position_by_value_and_by_property_name(string script)
    {
        var file = Assert.IsType<FileInfo>(_shell.Invoke(script).AssertNoErrors().OnlyOutput().BaseObject);

        Assert.Equal(_shell.WorkingFolder, file.DirectoryName);
        Assert.Single(_emulator.Downloads);
    }

    [Fact]
    public void Results_exported_to_CSV_and_imported_again_are_saved_under_their_own_names()
    {
        _shell.Invoke("'a dog', 'a bird' | New-BailianImage @Emulator -Ordered | Export-Csv results.csv").AssertNoErrors();

        var files = _shell.Invoke("Import-Csv results.csv | Save-BailianImage -Ordered").AssertNoErrors().Output;

        Assert.Equal(["a_dog_0", "a_bird_0"], files.Select(f => f.Text("Name")![16..^13]));
        Assert.Equal(2, _emulator.Downloads.Count);
    }

    [Fact]
    public void The_folder_is_the_second_position_and_is_created_when_missing()
    {
        var file = Assert.IsType<FileInfo>(_shell.Invoke("Save-BailianImage $url cats").AssertNoErrors().OnlyOutput().BaseObject);

        Assert.Equal(Path.Combine(_shell.WorkingFolder, "cats"), file.DirectoryName);
    }

    [Fact]
    public void An_existing_file_is_kept_unless_Force_is_given()
    {
        _shell.Invoke("Save-BailianImage $url -FileName cat").AssertNoErrors();
        var path = Path.Combine(_shell.WorkingFolder, "cat.png");
        File.WriteAllBytes(path, [1, 2, 3]);

        var refused = _shell.Invoke("Save-BailianImage $url -FileName cat");
        Assert.StartsWith("Bailian.FileExists,", Assert.Single(refused.ErrorIds), StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));

        _shell.Invoke("Save-BailianImage $url -FileName cat -Force").AssertNoErrors().OnlyOutput();
        Assert.NotEqual([1, 2, 3], File.ReadAllBytes(path));
    }

    [Fact]
    public void WhatIf_downloads_nothing()
    {
        var result = _shell.Invoke("$url | Save-BailianImage -WhatIf").AssertNoErrors();

        Assert.Empty(result.Output);
        Assert.Empty(_emulator.Control.Requests);
        Assert.Empty(Directory.GetFiles(_shell.WorkingFolder));
    }
}
