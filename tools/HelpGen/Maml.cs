using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml;

namespace Bailian.HelpGen;

/// <summary>Writes the MAML PowerShell reads (Get-Help), in the shape PlatyPS writes it, which Windows PowerShell 5.1 reads too.</summary>
internal static class Maml
{
    private const string MamlNs = "http://schemas.microsoft.com/maml/2004/10";
    private const string CommandNs = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string DevNs = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static void Write(string path, IEnumerable<(CmdletInfo Cmdlet, CommandDoc Doc)> commands)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(true) };
        using var xml = XmlWriter.Create(path, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("helpItems", MamlNs);
        xml.WriteAttributeString("schema", "maml");
        foreach (var (cmdlet, doc) in commands)
        {
            WriteCommand(xml, cmdlet, doc);
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteCommand(XmlWriter xml, CmdletInfo cmdlet, CommandDoc doc)
    {
        xml.WriteStartElement("command", "command", CommandNs);
        xml.WriteAttributeString("xmlns", "maml", null, MamlNs);
        xml.WriteAttributeString("xmlns", "command", null, CommandNs);
        xml.WriteAttributeString("xmlns", "dev", null, DevNs);
        var verbNoun = cmdlet.Name.Split('-', 2);
        xml.WriteStartElement("command", "details", CommandNs);
        xml.WriteElementString("command", "name", CommandNs, cmdlet.Name);
        xml.WriteElementString("command", "verb", CommandNs, verbNoun[0]);
        xml.WriteElementString("command", "noun", CommandNs, verbNoun[1]);
        Description(xml, "maml", MamlNs, doc.Synopsis);
        xml.WriteEndElement();
        Description(xml, "maml", MamlNs, doc.Description);

        // Parameters documented but not declared stay in: Get-Help then differs from Get-Command, and the tests say so.
        var undeclared = doc.Parameters.Keys.Where(k => cmdlet.Parameters.All(p => !p.Name.Equals(k, System.StringComparison.OrdinalIgnoreCase)))
            .Select(k => new ParameterInfo(k, "Object", [], [new ParameterSetInfo("__AllParameterSets", false, null, false, false)], false));
        var ordered = cmdlet.Parameters.OrderBy(p => IndexOf(doc, p.Name)).Concat(undeclared).ToList();

        xml.WriteStartElement("command", "syntax", CommandNs);
        foreach (var set in cmdlet.ParameterSets)
        {
            xml.WriteStartElement("command", "syntaxItem", CommandNs);
            xml.WriteElementString("maml", "name", MamlNs, cmdlet.Name);
            foreach (var (parameter, setInfo) in cmdlet.InSet(set))
            {
                Parameter(xml, parameter, setInfo.Mandatory, setInfo.Position, doc, inSyntax: true);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteStartElement("command", "parameters", CommandNs);
        foreach (var parameter in ordered)
        {
            Parameter(xml, parameter, parameter.Sets.Any(s => s.Mandatory), parameter.Sets.Select(s => s.Position).FirstOrDefault(p => p is not null), doc, inSyntax: false);
        }

        xml.WriteEndElement();
        TypeList(xml, "inputTypes", "inputType", doc.Inputs);
        TypeList(xml, "returnValues", "returnValue", doc.Outputs);
        if (doc.Notes.Count > 0)
        {
            xml.WriteStartElement("maml", "alertSet", MamlNs);
            xml.WriteStartElement("maml", "alert", MamlNs);
            Paragraphs(xml, doc.Notes);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteStartElement("command", "examples", CommandNs);
        var number = 0;
        foreach (var example in doc.Examples)
        {
            xml.WriteStartElement("command", "example", CommandNs);
            xml.WriteElementString("maml", "title", MamlNs, $"-------------------------- Example {++number}: {example.Title} --------------------------");
            xml.WriteElementString("dev", "code", DevNs, example.Code.ToString());
            xml.WriteStartElement("dev", "remarks", DevNs);
            Paragraphs(xml, example.Remarks);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteStartElement("maml", "relatedLinks", MamlNs);
        foreach (var link in doc.Links)
        {
            xml.WriteStartElement("maml", "navigationLink", MamlNs);
            var isUri = link.StartsWith("http", System.StringComparison.Ordinal);
            xml.WriteElementString("maml", "linkText", MamlNs, isUri ? "Online version:" : link);
            xml.WriteElementString("maml", "uri", MamlNs, isUri ? link : "");
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static int IndexOf(CommandDoc doc, string name)
    {
        var index = doc.Parameters.Keys.ToList().FindIndex(k => k.Equals(name, System.StringComparison.OrdinalIgnoreCase));
        return index < 0 ? int.MaxValue : index;
    }

    private static void Parameter(XmlWriter xml, ParameterInfo parameter, bool required, int? position, CommandDoc doc, bool inSyntax)
    {
        xml.WriteStartElement("command", "parameter", CommandNs);
        xml.WriteAttributeString("required", required ? "true" : "false");
        xml.WriteAttributeString("variableLength", "true");
        xml.WriteAttributeString("globbing", parameter.Globbing ? "true" : "false");
        xml.WriteAttributeString("pipelineInput", parameter.PipelineInput);
        xml.WriteAttributeString("position", position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named");
        xml.WriteAttributeString("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases));
        xml.WriteElementString("maml", "name", MamlNs, parameter.Name);
        Description(xml, "maml", MamlNs, doc.Parameters.TryGetValue(parameter.Name, out var text) ? text : []);
        if (!(inSyntax && parameter.IsSwitch))
        {
            xml.WriteStartElement("command", "parameterValue", CommandNs);
            xml.WriteAttributeString("required", parameter.IsSwitch ? "false" : "true");
            xml.WriteAttributeString("variableLength", "false");
            xml.WriteString(parameter.TypeName);
            xml.WriteEndElement();
        }

        if (!inSyntax)
        {
            xml.WriteStartElement("dev", "type", DevNs);
            xml.WriteElementString("maml", "name", MamlNs, parameter.TypeName);
            xml.WriteElementString("maml", "uri", MamlNs, "");
            xml.WriteEndElement();
            xml.WriteElementString("dev", "defaultValue", DevNs, "None");
        }

        xml.WriteEndElement();
    }

    private static void TypeList(XmlWriter xml, string list, string item, List<(string Type, List<string> Text)> types)
    {
        xml.WriteStartElement("command", list, CommandNs);
        foreach (var (type, text) in types)
        {
            xml.WriteStartElement("command", item, CommandNs);
            xml.WriteStartElement("dev", "type", DevNs);
            xml.WriteElementString("maml", "name", MamlNs, type);
            xml.WriteEndElement();
            Description(xml, "maml", MamlNs, text);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Description(XmlWriter xml, string prefix, string ns, List<string> paragraphs)
    {
        xml.WriteStartElement(prefix, "description", ns);
        Paragraphs(xml, paragraphs);
        xml.WriteEndElement();
    }

    private static void Paragraphs(XmlWriter xml, List<string> paragraphs)
    {
        foreach (var paragraph in paragraphs)
        {
            xml.WriteElementString("maml", "para", MamlNs, paragraph);
        }
    }
}
