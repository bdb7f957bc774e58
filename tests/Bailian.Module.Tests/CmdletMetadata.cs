using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Bailian.Module.Tests;

/// <summary>What PowerShell would read from a cmdlet class, read through CustomAttributeData.</summary>
public sealed class CmdletMetadata
{
    public CmdletMetadata(Type type)
    {
        Type = type;
        var cmdlet = Attribute(type.GetCustomAttributesData(), "CmdletAttribute")
            ?? throw new InvalidOperationException($"{type} has no [Cmdlet].");
        Name = $"{cmdlet.ConstructorArguments[0].Value}-{cmdlet.ConstructorArguments[1].Value}";
        SupportsShouldProcess = Named(cmdlet, "SupportsShouldProcess") as bool? ?? false;
        ConfirmImpact = Named(cmdlet, "ConfirmImpact") as int?;
        OutputTypes = type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value])
            .OfType<Type>().Select(t => t.FullName!).ToList();
        Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => Attribute(p.GetCustomAttributesData(), "ParameterAttribute") is not null)
            .ToDictionary(p => p.Name, p => new ParameterMetadata(p));
    }

    public Type Type { get; }
    public string Name { get; }
    public bool SupportsShouldProcess { get; }
    /// <summary>ConfirmImpact as its enum value: 1 Low, 2 Medium, 3 High.</summary>
    public int? ConfirmImpact { get; }
    public IReadOnlyList<string> OutputTypes { get; }
    public IReadOnlyDictionary<string, ParameterMetadata> Parameters { get; }

    internal static CustomAttributeData? Attribute(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => a.AttributeType.Name == name);

    internal static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();
}

public sealed class ParameterMetadata
{
    public ParameterMetadata(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var parameter = CmdletMetadata.Attribute(attributes, "ParameterAttribute")!;
        TypeName = property.PropertyType.FullName!;
        Mandatory = CmdletMetadata.Named(parameter, "Mandatory") as bool? ?? false;
        Position = CmdletMetadata.Named(parameter, "Position") as int?;
        ValueFromPipeline = CmdletMetadata.Named(parameter, "ValueFromPipeline") as bool? ?? false;
        ByPropertyName = CmdletMetadata.Named(parameter, "ValueFromPipelineByPropertyName") as bool? ?? false;
        DontShow = CmdletMetadata.Named(parameter, "DontShow") as bool? ?? false;
        Aliases = CmdletMetadata.Attribute(attributes, "AliasAttribute")?.ConstructorArguments
            .SelectMany(a => a.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : [(string)a.Value!])
            .ToList() ?? [];
        AttributeNames = attributes.Select(a => a.AttributeType.Name).ToList();
        Completer = CmdletMetadata.Attribute(attributes, "ArgumentCompleterAttribute")?.ConstructorArguments
            .Select(a => a.Value).OfType<Type>().Select(t => t.Name).FirstOrDefault();
        ValidateRange = CmdletMetadata.Attribute(attributes, "ValidateRangeAttribute")?.ConstructorArguments.Select(a => a.Value).ToList();
    }

    public string TypeName { get; }
    public bool Mandatory { get; }
    public int? Position { get; }
    public bool ValueFromPipeline { get; }
    public bool ByPropertyName { get; }
    public bool DontShow { get; }
    public IReadOnlyList<string> Aliases { get; }
    public IReadOnlyList<string> AttributeNames { get; }
    public string? Completer { get; }
    public IReadOnlyList<object?>? ValidateRange { get; }
}
