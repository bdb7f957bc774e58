using System.Management.Automation;
using Bailian.Connection;
using Bailian.Input;

namespace Bailian.Commands;

/// <summary>Reads pipeline objects as rows and carries their unbound columns onto the results.</summary>
internal static class InputRows
{
    private static readonly HashSet<string> ProviderNotes =
        new(["PSPath", "PSParentPath", "PSChildName", "PSDrive", "PSProvider", "PSIsContainer"], StringComparer.OrdinalIgnoreCase);

    public static InputRow From(PSObject? input, int number)
    {
        if (input is null)
        {
            return new InputRow(null, isText: false); // the command line: no row, so no number
        }

        if (input.BaseObject is string)
        {
            return new InputRow(null, isText: true) { Number = number };
        }

        // Columns are what a CSV row or custom object adds: note properties, less the ones PowerShell's
        // providers stick on files (PSPath, PSDrive, ...). A .NET object's own properties are not columns.
        var columns = input.Properties
            .Where(p => p.IsGettable && p.MemberType == PSMemberTypes.NoteProperty && !ProviderNotes.Contains(p.Name))
            .Select(p => new KeyValuePair<string, object?>(p.Name, KeyMask.Mask(p.Name, SafeValue(p))));
        return new InputRow(columns, isText: false) { Number = number };
    }

    /// <summary>
    /// The pipeline object as errors may show it: itself, or, when a column holds a key, a copy with the key
    /// masked (an error's target is shown by Format-List and saved by Export-Clixml).
    /// </summary>
    public static object? SafeTarget(PSObject? input)
    {
        if (input?.BaseObject is not PSCustomObject || !input.Properties.Any(p => p.IsGettable && KeyMask.NeedsMask(p.Name, SafeValue(p))))
        {
            return input;
        }

        var copy = new PSObject();
        foreach (var property in input.Properties.Where(p => p.IsGettable))
        {
            copy.Properties.Add(new PSNoteProperty(property.Name, KeyMask.Mask(property.Name, SafeValue(property))));
        }

        return copy;
    }

    /// <summary>Every name a parameter of <paramref name="command"/> binds from: names and aliases.</summary>
    public static IEnumerable<string> ParameterNames(CommandInfo command) =>
        command.Parameters.Values.SelectMany(p => p.Aliases.Prepend(p.Name));

    /// <summary>
    /// A result or task as a PSObject with the row's other columns as extra properties (and kept in
    /// its Columns, so they survive the trip through Core to later results).
    /// </summary>
    public static PSObject WithColumns(object item, IDictionary<string, object?> store, IEnumerable<KeyValuePair<string, object?>> columns)
    {
        foreach (var column in columns)
        {
            store[column.Key] = column.Value;
        }

        return WithColumns(item, store);
    }

    /// <summary>The item as a PSObject showing the columns it already carries.</summary>
    public static PSObject WithColumns(object item, IDictionary<string, object?> columns)
    {
        var output = PSObject.AsPSObject(item);
        foreach (var column in columns)
        {
            if (output.Properties[column.Key] is null)
            {
                output.Properties.Add(new PSNoteProperty(column.Key, column.Value));
            }
        }

        return output;
    }

    private static object? SafeValue(PSPropertyInfo property)
    {
        try
        {
            return property.Value;
        }
        catch (GetValueException)
        {
            return null;
        }
    }
}
