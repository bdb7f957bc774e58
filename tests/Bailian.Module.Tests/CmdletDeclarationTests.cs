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
        "New-BailianImage", "Edit-BailianImage", "Save-BailianImage", "Get-BailianTask", "Stop-BailianTask", "Connect-Bailian", "Disconnect-Bailian", "Get-BailianModel", "Get-BailianConnection", "Import-BailianPrompt",
    };

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_is_sealed_and_declares_its_output(string name)
    {
        var cmdlet = Cmdlet(name);
        Assert.True(cmdlet.Type.IsSealed);
        Assert.NotEmpty(cmdlet.OutputTypes);
    }
}
