using System.IO;
using System.Linq;

namespace Bailian.Module.Tests;

/// <summary>out/Bailian holds a loadable module and its help (en-US, zh-CN: tools/HelpGen's), nothing else.</summary>
public sealed class LayoutTests(ModuleFolder module) : IClassFixture<ModuleFolder>
{
    private static readonly string[] HelpFiles = ["Bailian.dll-Help.xml", "about_Bailian.help.txt"];

    private string[] Files => Directory.GetFiles(module.Path, "*", SearchOption.TopDirectoryOnly).Select(Path.GetFileName).ToArray()!;

    [Fact]
    public void Holds_the_manifest_the_formats_and_DLLs_only()
    {
        Assert.Contains("Bailian.psd1", Files);
        Assert.Contains("Bailian.Format.ps1xml", Files);
        Assert.Contains("Bailian.dll", Files);
        Assert.Contains("Bailian.Core.dll", Files);
        Assert.All(Files.Where(f => f is not ("Bailian.psd1" or "Bailian.Format.ps1xml")), f => Assert.EndsWith(".dll", f));
        Assert.DoesNotContain("System.Management.Automation.dll", Files);
        Assert.Equal(["en-US", "zh-CN"], Directory.GetDirectories(module.Path).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public void Holds_the_help_of_each_culture(string culture)
    {
        var files = Directory.GetFiles(Path.Combine(module.Path, culture)).Select(Path.GetFileName).Order();
        Assert.Equal(HelpFiles.Order(), files);
    }

    [Fact]
    public void The_manifest_and_formats_are_the_repository_copies()
    {
        foreach (var file in new[] { "Bailian.psd1", "Bailian.Format.ps1xml" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(module.RepoRoot, file)), File.ReadAllText(Path.Combine(module.Path, file)));
        }
    }

    [Fact]
    public void Every_referenced_assembly_ships_in_the_folder()
    {
        // Provided by the host: the netstandard facade (both editions) and PowerShell itself.
        string[] fromHost = ["netstandard", "System.Management.Automation"];
        var shipped = Files.Where(f => f.EndsWith(".dll", System.StringComparison.Ordinal)).Select(Path.GetFileNameWithoutExtension).ToHashSet();
        foreach (var dll in shipped)
        {
            var assembly = module.Context.LoadFromAssemblyPath(Path.Combine(module.Path, dll + ".dll"));
            var missing = assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(r => !shipped.Contains(r) && !fromHost.Contains(r));
            Assert.True(!missing.Any(), $"{dll} needs {string.Join(", ", missing)}, which out/Bailian does not ship.");
        }
    }

    [Fact]
    public void System_Text_Json_is_the_8_0_line_that_pwsh_7_4_can_load()
    {
        var json = module.Context.LoadFromAssemblyPath(Path.Combine(module.Path, "System.Text.Json.dll"));
        Assert.Equal(8, json.GetName().Version!.Major);
    }
}
