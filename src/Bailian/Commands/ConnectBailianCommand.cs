using System;
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
[OutputType(typeof(ConnectionInfo))]
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
            var key = SecureStrings.ToPlainText(ApiKey);
            if (string.IsNullOrWhiteSpace(key) && ApiKeyResolver.ForCurrentUser().TryResolve(null, null) is null)
            {
                key = AskForKey();
            }

            var session = new BailianSession(key, Region, Endpoint, Workspace);
            RunspaceSessions.Set(session);
            WriteVerbose($"Bailian connected to {endpoint.BaseUrl}{(string.IsNullOrWhiteSpace(key) ? "" : " with the given key")}.");
            WriteObject(ConnectionInfo.Describe(session));
        }
        catch (BailianConfigurationException error)
        {
            ThrowBailianError(error, Endpoint ?? Region);
        }
    }

    // Only where a person can answer (never in a job, a service or pwsh -NonInteractive), and without echoing the key.
    private string? AskForKey()
    {
        if (Host?.UI is not { } ui
            || !InteractivePrompt.IsPossible(Host.Name, Environment.UserInteractive, IsInputRedirected(), Environment.GetCommandLineArgs()))
        {
            return null;
        }

        try
        {
            ui.Write("DashScope API key (input hidden): ");
            return SecureStrings.ToPlainText(ui.ReadLineAsSecureString());
        }
        catch (Exception e) when (e is PSInvalidOperationException or NotImplementedException or InvalidOperationException or PSNotImplementedException)
        {
            // The host cannot read after all (a host that refuses prompts): connect without a key, as before.
            return null;
        }
    }

    private static bool IsInputRedirected()
    {
        try
        {
            return Console.IsInputRedirected;
        }
        catch (Exception e) when (e is PlatformNotSupportedException or System.IO.IOException)
        {
            return true;
        }
    }
}
