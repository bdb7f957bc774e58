using System.Management.Automation;
using Bailian.Connection;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Forgets what Connect-Bailian set: later calls use parameters and environment variables again.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "Bailian")]
[OutputType(typeof(void))]
public sealed class DisconnectBailianCommand : BailianCmdlet
{
    protected override void EndProcessing() => RunspaceSessions.Set(BailianSession.None);
}
