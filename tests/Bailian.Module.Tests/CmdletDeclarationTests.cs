using System.Linq;

namespace Bailian.Module.Tests;

/// <summary>
/// Declarations that no binding shows. How parameters really bind (positions, pipeline input, aliases, CSV
/// text, ranges, completers, ShouldProcess) is checked in tests/Bailian.Host.Tests, by binding real objects
/// in a hosted runspace.
/// </summary>
public sealed class CmdletDeclarationTests(ModuleFolder module) : IClassFixture<ModuleFolder>
{
    private CmdletMetadata Cmdlet(string name) => module.Cmdlets.GetTypes()
        .Where(t => t.IsPublic && t.GetCustomAttributesData().Any(a => a.AttributeType.Name == "CmdletAttribute"))
        .Select(t => new CmdletMetadata(t)).Single(c => c.Name == name);

    public static TheoryData<string> CmdletNames => new()
    {
        "New-BailianImage", "Edit-BailianImage", "Save-BailianImage", "Get-BailianTask", "Stop-BailianTask", "Connect-Bailian", "Disconnect-Bailian", "Get-BailianModel",
    };

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_is_sealed_and_declares_its_output(string name)
    {
        var cmdlet = Cmdlet(name);
        Assert.True(cmdlet.Type.IsSealed);
        Assert.NotEmpty(cmdlet.OutputTypes);
    }

    // Until piping a task selects the Task parameter set (it is read as a URL today), this declaration is
    // all there is to check; the hosted binding test comes with that fix.
    [Fact]
    public void Save_BailianImage_also_takes_tasks_from_the_pipeline()
    {
        var task = Cmdlet("Save-BailianImage").Parameters["Task"];
        Assert.True(task.Mandatory && task.ValueFromPipeline);
        Assert.Equal("Bailian.ImageTask", task.TypeName);
    }

    // Files from Get-ChildItem bind to -Image by FullName. Their binding is being fixed (a Unix FileInfo's
    // Size binds to -Size; paths are read as wildcards); the hosted binding test comes with those fixes.
    [Fact]
    public void Edit_BailianImage_takes_files_by_FullName()
    {
        var image = Cmdlet("Edit-BailianImage").Parameters["Image"];
        Assert.True(image.ValueFromPipeline && image.ByPropertyName);
        Assert.Contains("FullName", image.Aliases);
    }
}
