using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace Bailian.Module.Tests;

/// <summary>Bailian.Format.ps1xml is valid and has a view for every type the cmdlets output.</summary>
public sealed class FormatFileTests(ModuleFolder module) : IClassFixture<ModuleFolder>
{
    private XDocument Format => XDocument.Load(Path.Combine(module.RepoRoot, "Bailian.Format.ps1xml"));

    private static readonly string[] HostTypes = ["System.IO.FileInfo", "System.Void"];

    [Fact]
    public void Every_output_type_of_ours_has_a_view()
    {
        var viewed = Format.Descendants("ViewSelectedBy").Elements("TypeName").Select(t => t.Value.Trim()).ToHashSet();
        var outputs = module.Cmdlets.GetTypes().Where(t => t.GetCustomAttributesData().Any(a => a.AttributeType.Name == "CmdletAttribute"))
            .SelectMany(t => new CmdletMetadata(t).OutputTypes).Where(t => !HostTypes.Contains(t)).Distinct().ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, type => Assert.Contains(type, viewed));
    }

    [Fact]
    public void View_names_are_unique()
    {
        var names = Format.Descendants("View").Select(v => v.Element("Name")!.Value).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Every_property_a_view_shows_exists_on_its_type()
    {
        foreach (var view in Format.Descendants("View"))
        {
            var typeName = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim();
            var type = module.Core.GetType(typeName, throwOnError: true)!;
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet();
            foreach (var property in view.Descendants("PropertyName").Select(p => p.Value.Trim()))
            {
                Assert.True(properties.Contains(property), $"{view.Element("Name")!.Value} shows {property}, which {typeName} does not have.");
            }
        }
    }
}
