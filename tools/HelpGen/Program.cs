using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Bailian.HelpGen;

/// <summary>
/// HelpGen &lt;module folder&gt; &lt;help source folder&gt;: for each culture folder of the source (en-US, zh-CN, ...)
/// writes &lt;module folder&gt;/&lt;culture&gt;/Bailian.dll-Help.xml from its &lt;Cmdlet&gt;.md files and copies its
/// about_*.help.txt files. Missing prose is reported, not fatal: the help tests fail on it.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: HelpGen <module folder> <help source folder>");
            return 2;
        }

        var (module, source) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]));
        try
        {
            var cmdlets = ReadCmdlets(module);
            foreach (var cultureFolder in Directory.GetDirectories(source).Order(StringComparer.Ordinal))
            {
                var culture = Path.GetFileName(cultureFolder);
                var docs = cmdlets.Select(c => (Cmdlet: c, Doc: ReadDoc(cultureFolder, c, culture))).ToList();
                var target = Path.Combine(module, culture);
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }

                Directory.CreateDirectory(target);
                Maml.Write(Path.Combine(target, "Bailian.dll-Help.xml"), docs);
                foreach (var about in Directory.GetFiles(cultureFolder, "about_*.help.txt"))
                {
                    // With a BOM: Windows PowerShell 5.1 reads a help file without one in the ANSI code page.
                    File.WriteAllText(Path.Combine(target, Path.GetFileName(about)), File.ReadAllText(about), new UTF8Encoding(true));
                }

                Console.WriteLine($"HelpGen: {culture}: {docs.Count} cmdlets, {docs.Sum(d => d.Doc.Examples.Count)} examples -> {target}");
            }

            return 0;
        }
        catch (HelpSourceException e)
        {
            Console.Error.WriteLine($"{e.File}({e.Line}): error HELP1: {e.Message}");
            return 1;
        }
    }

    private static CommandDoc ReadDoc(string folder, CmdletInfo cmdlet, string culture)
    {
        var path = Path.Combine(folder, cmdlet.Name + ".md");
        if (!File.Exists(path))
        {
            Console.WriteLine($"HelpGen: {culture}: {cmdlet.Name} has no help ({path} is missing).");
            return new CommandDoc(cmdlet.Name);
        }

        var doc = HelpMarkdown.Parse(path);
        foreach (var parameter in cmdlet.Parameters.Where(p => !doc.Parameters.ContainsKey(p.Name)))
        {
            Console.WriteLine($"HelpGen: {culture}: {cmdlet.Name} -{parameter.Name} has no description in {path}.");
        }

        return doc;
    }

    /// <summary>Every cmdlet class of Bailian.dll, as PowerShell would read its declaration.</summary>
    private static List<CmdletInfo> ReadCmdlets(string module)
    {
        var powerShell = Path.Combine(AppContext.BaseDirectory, "System.Management.Automation.dll");
        var ours = Directory.GetFiles(module, "*.dll");
        var runtime = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Where(r => !ours.Any(o => string.Equals(Path.GetFileName(o), Path.GetFileName(r), StringComparison.OrdinalIgnoreCase)));
        using var context = new MetadataLoadContext(new PathAssemblyResolver(ours.Append(powerShell).Concat(runtime)), "netstandard");
        var assembly = context.LoadFromAssemblyPath(Path.Combine(module, "Bailian.dll"));
        return assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && Attribute(t.GetCustomAttributesData(), "CmdletAttribute") is not null)
            .Select(CmdletInfo.Read)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    internal static CustomAttributeData? Attribute(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => a.AttributeType.Name == name);

    internal static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();
}
