using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>The runspace runs the module laid out in out/Bailian, and each assembly of it is loaded once.</summary>
public sealed class ModuleUnderTestTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void The_imported_module_is_the_built_one_in_out_Bailian()
    {
        var result = _shell.Invoke("""
            (Get-Module Bailian).ModuleBase
            (Get-Command New-BailianImage).DLL
            [Bailian.ImageResult].Assembly.Location
            """).AssertNoErrors();

        Assert.Equal(
            [RepoPaths.ModuleFolder, Path.Combine(RepoPaths.ModuleFolder, "Bailian.dll"), Path.Combine(RepoPaths.ModuleFolder, "Bailian.Core.dll")],
            result.Output.Select(o => Path.GetFullPath((string)o.BaseObject)));
    }

    [Fact]
    public void Bailian_dlls_are_loaded_once_each_and_only_from_out_Bailian()
    {
        // A real request, so that the transport (and with it Polly) is loaded.
        _shell.Invoke("New-BailianImage 'a cat' @Emulator").AssertNoErrors();

        var ours = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name is "Bailian" or "Bailian.Core" or "Polly.Core").ToList();
        Assert.Equal(["Bailian", "Bailian.Core", "Polly.Core"], ours.Select(a => a.GetName().Name).Order());
        Assert.All(ours, a => Assert.Equal(RepoPaths.ModuleFolder, Path.GetDirectoryName(a.Location)));
    }

    [Fact]
    public void System_Text_Json_is_the_runtime_s_own_as_in_pwsh_not_a_second_copy()
    {
        _shell.Invoke("Get-BailianModel qwen-image-plus").AssertNoErrors();

        var json = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "System.Text.Json").ToList();
        var only = Assert.Single(json);
        Assert.Equal(Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory()), Path.GetDirectoryName(only.Location) + Path.DirectorySeparatorChar);
    }

    [Fact]
    public void The_location_is_the_test_s_own_temporary_folder()
    {
        var pwd = (string)_shell.Invoke("$PWD.ProviderPath").AssertNoErrors().OnlyOutput().BaseObject;
        Assert.Equal(_shell.WorkingFolder, pwd);
        Assert.StartsWith(Path.GetTempPath(), pwd, StringComparison.Ordinal);
    }
}
