using System.Management.Automation;
using Bailian.Connection;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Shows where Bailian cmdlets send their calls in this session: region, endpoint, workspace, and where the key comes from (masked).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BailianConnection")]
[OutputType(typeof(ConnectionInfo))]
public sealed class GetBailianConnectionCommand : BailianCmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            WriteObject(ConnectionInfo.Describe(RunspaceSessions.Current));
        }
        catch (BailianConfigurationException error)
        {
            ThrowBailianError(error, null);
        }
    }
}
