using System.Management.Automation;

namespace Bailian.Transforms;

/// <summary>
/// Treats an empty CSV cell as "not given". Without it PowerShell turns "" into 0 for a number
/// parameter, and an empty Count column would ask for zero images.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class NullIfEmptyTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is string text && text.Trim().Length == 0 ? null : inputData;
    }
}
