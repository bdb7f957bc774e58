using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Bailian.HelpGen;

/// <summary>What the compiled cmdlet declares: the facts of its help that no one writes by hand.</summary>
internal sealed record CmdletInfo(string Name, IReadOnlyList<ParameterInfo> Parameters, IReadOnlyList<string> ParameterSets, IReadOnlyList<string> OutputTypes)
{
    private const string AllSets = "__AllParameterSets";

    public static CmdletInfo Read(Type type)
    {
        var cmdlet = Program.Attribute(type.GetCustomAttributesData(), "CmdletAttribute")!;
        var name = $"{cmdlet.ConstructorArguments[0].Value}-{cmdlet.ConstructorArguments[1].Value}";
        // PowerShell itself lists DontShow parameters in no help: they are plumbing (InputObject).
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ParameterInfo.Read).OfType<ParameterInfo>().Where(p => !p.DontShow).ToList();
        if (Program.Named(cmdlet, "SupportsShouldProcess") is true)
        {
            parameters.Add(new ParameterInfo("WhatIf", "SwitchParameter", ["wi"], [new ParameterSetInfo(AllSets, false, null, false, false)], false));
            parameters.Add(new ParameterInfo("Confirm", "SwitchParameter", ["cf"], [new ParameterSetInfo(AllSets, false, null, false, false)], false));
        }

        var sets = parameters.SelectMany(p => p.Sets).Select(s => s.Name).Where(s => s != AllSets).Distinct().ToList();
        var defaultSet = Program.Named(cmdlet, "DefaultParameterSetName") as string;
        if (defaultSet is not null && sets.Remove(defaultSet))
        {
            sets.Insert(0, defaultSet);
        }

        var outputs = type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value])
            .OfType<Type>().Select(t => t.FullName!).Where(t => t != "System.Void").ToList();
        return new CmdletInfo(name, parameters, sets.Count == 0 ? [AllSets] : sets, outputs);
    }

    /// <summary>The parameters of one set, positional first as Get-Command shows them.</summary>
    public IEnumerable<(ParameterInfo Parameter, ParameterSetInfo Set)> InSet(string set) =>
        Parameters.SelectMany(p => p.Sets.Where(s => s.Name == set || s.Name == AllSets).Take(1).Select(s => (p, s)))
            .OrderBy(x => x.s.Position ?? int.MaxValue);
}

internal sealed record ParameterSetInfo(string Name, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName);

internal sealed record ParameterInfo(string Name, string TypeName, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterSetInfo> Sets, bool DontShow)
{
    /// <summary>Declared [SupportsWildcards]: what Get-Help shows as "Accept wildcard characters?".</summary>
    public bool Globbing { get; init; }

    public bool IsSwitch => TypeName == "SwitchParameter";

    public static ParameterInfo? Read(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var declared = attributes.Where(a => a.AttributeType.Name == "ParameterAttribute").ToList();
        if (declared.Count == 0)
        {
            return null;
        }

        var sets = declared.Select(a => new ParameterSetInfo(
            Program.Named(a, "ParameterSetName") as string ?? "__AllParameterSets",
            Program.Named(a, "Mandatory") is true,
            Program.Named(a, "Position") is int position && position >= 0 ? position : null,
            Program.Named(a, "ValueFromPipeline") is true,
            Program.Named(a, "ValueFromPipelineByPropertyName") is true)).ToList();
        var aliases = Program.Attribute(attributes, "AliasAttribute")?.ConstructorArguments
            .SelectMany(a => a.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : [(string)a.Value!])
            .ToList() ?? [];
        return new ParameterInfo(property.Name, ReadableName(property.PropertyType), aliases, sets, declared.Any(a => Program.Named(a, "DontShow") is true))
        {
            Globbing = Program.Attribute(attributes, "SupportsWildcardsAttribute") is not null,
        };
    }

    /// <summary>Int32 for int and int?, String[] for string[]: what Get-Help shows PowerShell users.</summary>
    private static string ReadableName(Type type) =>
        type.IsArray ? ReadableName(type.GetElementType()!) + "[]"
        : type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? ReadableName(type.GetGenericArguments()[0])
        : type.Name;

    /// <summary>As PlatyPS writes it: False, True (ByValue), True (ByPropertyName), True (ByPropertyName, ByValue).</summary>
    public string PipelineInput
    {
        get
        {
            var kinds = new List<string>();
            if (Sets.Any(s => s.ByPropertyName))
            {
                kinds.Add("ByPropertyName");
            }

            if (Sets.Any(s => s.ByValue))
            {
                kinds.Add("ByValue");
            }

            return kinds.Count == 0 ? "False" : $"True ({string.Join(", ", kinds)})";
        }
    }
}
