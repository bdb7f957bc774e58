using System.Management.Automation;
using Bailian.Input;

namespace Bailian.Transforms;

/// <summary>
/// Lets [bool] parameters take the strings a CSV file holds: true/false, yes/no, 1/0, on/off.
/// PowerShell's own binder rejects every string for [bool]. An empty cell means "not given".
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class BooleanTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is null || (value is string text && text.Trim().Length == 0))
        {
            return null;
        }

        if (value is SwitchParameter flag)
        {
            return flag.IsPresent;
        }

        // Anything else goes on to PowerShell's own conversion, which refuses it on the command line. From a
        // row a refusal here would drop the row uncounted; PipelineBinder reports it with the row's number instead.
        return BooleanText.TryParse(value, out var result) ? result : inputData;
    }
}
