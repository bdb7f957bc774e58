using System.Management.Automation;
using System.Security;
using Bailian.Completers;
using Bailian.Connection;
using Bailian.Transforms;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Sets the API key, region, endpoint and workspace that Bailian cmdlets use for the rest of the session.</para>
/// <para type="description">Nothing is sent: the values are checked locally and kept in memory until Disconnect-Bailian.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Bailian")]
[OutputType(typeof(void))]
public sealed class ConnectBailianCommand : BailianCmdlet
{
    /// <summary>A DashScope key of the region you call. A plain string is accepted and converted.</summary>
    [Parameter(Position = 0)]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    [Parameter]
    public string? Endpoint { get; set; }

    /// <summary>A workspace id: sent as X-DashScope-WorkSpace, and needed for Frankfurt and Tokyo.</summary>
    [Parameter]
    public string? Workspace { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            // Fails now, not at the first request, for an unknown region or an insecure endpoint.
            var endpoint = DashScopeEndpoint.Select(Endpoint, Region, null, null, null, Workspace);
            RunspaceSessions.Set(new BailianSession(SecureStrings.ToPlainText(ApiKey), Region, Endpoint, Workspace));
            WriteVerbose($"Bailian connected to {endpoint.BaseUrl}{(ApiKey is null ? "" : " with the given key")}.");
        }
        catch (BailianConfigurationException error)
        {
            ThrowBailianError(error, Endpoint ?? Region);
        }
    }
}
