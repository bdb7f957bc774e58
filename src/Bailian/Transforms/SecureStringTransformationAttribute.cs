using System.Management.Automation;
using System.Security;

namespace Bailian.Transforms;

/// <summary>Accepts a plain string for a SecureString parameter (-ApiKey 'sk-...') and converts it.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            string text when text.Trim().Length == 0 => null,
            string text => SecureStrings.FromPlainText(text.Trim()),
            _ => inputData,
        };
    }
}
