using System.IO;
using System.Linq;

namespace Bailian.Module.Tests;

public sealed class ManifestTests : IClassFixture<ModuleFolder>
{
    private readonly ModuleFolder _module;
    private readonly ManifestText _manifest;

    public ManifestTests(ModuleFolder module)
    {
        _module = module;
        _manifest = new ManifestText(File.ReadAllText(Path.Combine(module.RepoRoot, "Bailian.psd1")));
    }

    [Fact]
    public void Exports_exactly_the_cmdlets_the_DLL_defines()
    {
        var defined = _module.Cmdlets.GetTypes().Where(t => t.IsPublic && t.GetCustomAttributesData().Any(a => a.AttributeType.Name == "CmdletAttribute"))
            .Select(t => new CmdletMetadata(t).Name).OrderBy(n => n);
        Assert.Equal(defined, _manifest.List("CmdletsToExport")!.OrderBy(n => n));
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("VariablesToExport")]
    [InlineData("AliasesToExport")]
    public void Exports_nothing_else_explicitly(string key) => Assert.Empty(_manifest.List(key)!);

    [Fact]
    public void Loads_the_DLL_on_both_editions_from_5_1()
    {
        Assert.Equal("Bailian.dll", _manifest.Value("RootModule"));
        Assert.Equal(["Desktop", "Core"], _manifest.List("CompatiblePSEditions"));
        Assert.Equal("5.1", _manifest.Value("PowerShellVersion"));
        Assert.Equal(["Bailian.Format.ps1xml"], _manifest.List("FormatsToProcess"));
    }

    [Fact]
    public void The_module_version_is_the_assembly_version()
    {
        var version = _manifest.Value("ModuleVersion");
        Assert.Equal(version, _module.Cmdlets.GetName().Version!.ToString(3));
        Assert.Equal(version, _module.Core.GetName().Version!.ToString(3));
    }

    [Fact]
    public void Has_the_Gallery_metadata()
    {
        var tags = _manifest.List("Tags")!;
        Assert.Superset(new[] { "PSEdition_Desktop", "PSEdition_Core", "Windows", "Linux", "MacOS" }.ToHashSet(), tags.ToHashSet());
        Assert.StartsWith("https://", _manifest.Value("ProjectUri"));
        Assert.StartsWith("https://", _manifest.Value("LicenseUri"));
        Assert.False(string.IsNullOrWhiteSpace(_manifest.Value("ReleaseNotes")));
        Assert.True(File.Exists(Path.Combine(_module.RepoRoot, "LICENSE")));
    }
}
