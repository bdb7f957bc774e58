using System.Management.Automation;

namespace Bailian.Transforms;

/// <summary>
/// Lets -ResponseFormat take the API's own names as well (b64_json, url), as the gateway's documentation writes them;
/// anything else is left to PowerShell's enum binding, whose error lists the valid names.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ResponseFormatTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is string text && text.Trim().Equals("b64_json", StringComparison.OrdinalIgnoreCase) ? ImageResponseFormat.Base64Json : inputData;
    }
}
