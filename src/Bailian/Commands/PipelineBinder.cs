using System.Management.Automation;
using System.Reflection;
using Bailian.Input;

namespace Bailian.Commands;

/// <summary>
/// What an object of a known type may set on a cmdlet by property name, or why it cannot be used there.
/// <paramref name="Binds"/> lists parameter names; every other by-property-name parameter the binder
/// filled from such an object is put back as the command line left it.
/// </summary>
internal sealed record PipedType(Type Type, string[] Binds, string? Refusal = null);

/// <summary>
/// Finishes PowerShell's by-property-name binding of one pipeline object. PowerShell binds any property
/// whose name matches a parameter: a FileInfo's Unix <c>Size</c> (its byte count) would become -Size,
/// and a CSV cell of "2.5" quietly becomes -Count 2. So, for each object, before anything is built from it:
/// <list type="bullet">
/// <item>an object of a type in the cmdlet's table keeps only the parameters the table gives it (or is refused
/// with the table's message);</item>
/// <item>any other object (a CSV row, ConvertFrom-Json output, a [pscustomobject]) is a row: its number and
/// boolean columns are read again with <see cref="ColumnValue"/>, so a value is what it plainly says or a
/// row-numbered error, never silently changed or dropped.</item>
/// </list>
/// Parameters bound on the command line are left alone: PowerShell never binds those from the pipeline.
/// </summary>
internal sealed class PipelineBinder
{
    private readonly PSCmdlet _cmdlet;
    private readonly IReadOnlyList<PipedType> _types;
    private readonly List<RowParameter> _rowParameters = [];

    /// <summary>Call from BeginProcessing, before any pipeline object is bound, to remember the command line's values.</summary>
    public PipelineBinder(PSCmdlet cmdlet, IReadOnlyList<PipedType> types)
    {
        _cmdlet = cmdlet;
        _types = types;
        var fromCommandLine = new HashSet<string>(cmdlet.MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (var metadata in cmdlet.MyInvocation.MyCommand.Parameters.Values)
        {
            if (fromCommandLine.Contains(metadata.Name) || !metadata.ParameterSets.Values.Any(set => set.ValueFromPipelineByPropertyName))
            {
                continue;
            }

            var property = cmdlet.GetType().GetProperty(metadata.Name, BindingFlags.Public | BindingFlags.Instance)!;
            _rowParameters.Add(new RowParameter(property, [metadata.Name, .. metadata.Aliases], property.GetValue(cmdlet)));
        }
    }

    /// <summary>Applies the rules above to <paramref name="input"/>, the object just bound.</summary>
    /// <exception cref="BailianValidationException">The object cannot be used here, or a column holds a value that is not plainly a number or boolean.</exception>
    public void Apply(PSObject? input)
    {
        if (input is null || input.BaseObject is string)
        {
            return;
        }

        if (_types.FirstOrDefault(t => t.Type.IsInstanceOfType(input.BaseObject)) is { } known)
        {
            if (known.Refusal is { } refusal)
            {
                throw new BailianValidationException(ErrorIds.UnsupportedInput, refusal.Replace("{0}", input.BaseObject.ToString()));
            }

            foreach (var parameter in _rowParameters.Where(p => !known.Binds.Contains(p.Property.Name, StringComparer.OrdinalIgnoreCase)))
            {
                parameter.Property.SetValue(_cmdlet, parameter.CommandLineValue);
            }

            return;
        }

        foreach (var parameter in _rowParameters.Where(p => IsNumberOrBoolean(p.Property.PropertyType)))
        {
            var column = parameter.Names.Select(name => input.Properties[name]).FirstOrDefault(p => p is { IsGettable: true });
            if (column is null)
            {
                parameter.Property.SetValue(_cmdlet, parameter.CommandLineValue);
                continue;
            }

            var raw = column.Value is PSObject wrapped ? wrapped.BaseObject : column.Value;
            var isSwitch = parameter.Property.PropertyType == typeof(SwitchParameter);
            var value = ColumnValue.Parse(raw, isSwitch ? typeof(bool) : parameter.Property.PropertyType, column.Name);
            parameter.Property.SetValue(_cmdlet, isSwitch ? new SwitchParameter(value is true) : value);
        }
    }

    private static bool IsNumberOrBoolean(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t
        && (t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(bool) || t == typeof(SwitchParameter));

    private sealed record RowParameter(PropertyInfo Property, string[] Names, object? CommandLineValue);
}
