using System.Management.Automation;
using System.Security;
using Bailian.Completers;
using Bailian.Connection;
using Bailian.Transforms;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Sets the API key, region, endpoint, workspace and default model that Bailian cmdlets use for the rest of the session.</para>
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

    /// <summary>A base URL such as https://dashscope.aliyuncs.com/api/v1, or with -Protocol OpenAI the gateway's (required), such as https://gateway.example.com/v1.</summary>
    [Parameter]
    public string? Endpoint { get; set; }

    /// <summary>DashScope (the default) or OpenAI: an OpenAI-style gateway at -Endpoint, with -ApiKey its own key.</summary>
    [Parameter]
    public ConnectionProtocol Protocol { get; set; } = ConnectionProtocol.DashScope;

    /// <summary>A workspace id: sent as X-DashScope-WorkSpace, and needed for Frankfurt and Tokyo.</summary>
    [Parameter]
    public string? Workspace { get; set; }

    /// <summary>
    /// The Python tool's config.json: its DASHSCOPE_API_KEY becomes the session's key (unless -ApiKey is given) and
    /// its MODEL (default qwen-image-max) the model New-BailianImage uses without -Model.
    /// </summary>
    [Parameter]
    public string? ConfigFile { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            if (Protocol == ConnectionProtocol.OpenAI)
            {
                ConnectGateway();
                return;
            }

            // Fails now, not at the first request, for an unknown region or an insecure endpoint.
            var endpoint = DashScopeEndpoint.Select(Endpoint, Region, null, null, null, Workspace);
            var key = SecureStrings.ToPlainText(ApiKey);
            var config = ConfigFile is null ? null : ReadConfig(ConfigFile);
            if (config is null && string.IsNullOrWhiteSpace(key) && ApiKeyResolver.ForCurrentUser().TryResolve(null, null) is null)
            {
                key = AskForKey("DashScope API key (input hidden): ");
            }

            var session = config is null || !string.IsNullOrWhiteSpace(key)
                ? new BailianSession(key, Region, Endpoint, Workspace, config?.Model)
                : config.ToSession(Region, Endpoint, Workspace);
            RunspaceSessions.Set(session);
            if (config?.Model is { } model && !Client.Catalog.TryGet(model, out _))
            {
                // Sent as given (a newer model may not be in the catalog yet), but a typo would fail every row.
                var near = Client.Catalog.Models.Select(m => m.Name).Where(name => Similar(name, model)).ToList();
                WriteWarning($"{ConfigFile}: MODEL '{model}' is not in Bailian's catalog; New-BailianImage will send it as given." +
                             (near.Count > 0 ? $" Did you mean {string.Join(" or ", near)}?" : " Get-BailianModel lists the models it knows."));
            }

            WriteVerbose($"Bailian connected to {endpoint.BaseUrl}{(string.IsNullOrWhiteSpace(key) ? "" : " with the given key")}.");
            var connection = ConnectionInfo.Describe(session);
            if (connection.ApiKeySource == ConnectionInfo.NoKey)
            {
                // Connected all the same (a key may be set later), but every call would fail as Bailian.NoApiKey.
                WriteWarning("No API key was given or found: calls will fail as Bailian.NoApiKey until one is given " +
                             "(-ApiKey, $env:DASHSCOPE_API_KEY, the file named by $env:DASHSCOPE_API_KEY_FILE_PATH, or ~/.dashscope/api_key).");
            }

            WriteObject(connection);
        }
        catch (BailianException error)
        {
            ThrowBailianError(error, error.ErrorId == ErrorIds.ConfigFileInvalid ? ConfigFile : Endpoint ?? Region);
        }
    }

    // A gateway: its base and its own key only; nothing of DashScope's (regions, workspaces, config.json's key) applies.
    private void ConnectGateway()
    {
        if (ConfigFile is not null)
        {
            throw new BailianConfigurationException(ErrorIds.NotOnGateway,
                "-ConfigFile reads the Python tool's DashScope key and model; a gateway (-Protocol OpenAI) takes -Endpoint and its own -ApiKey. Drop -ConfigFile.");
        }

        var endpoint = DashScopeConnection.ResolveEndpoint(new ConnectionRequest(null, Region, Endpoint, Workspace, ConnectionProtocol.OpenAI), BailianSession.None);
        var key = SecureStrings.ToPlainText(ApiKey);
        if (string.IsNullOrWhiteSpace(key))
        {
            key = AskForKey("Gateway API key (input hidden): ");
        }

        var session = new BailianSession(key, null, endpoint.BaseUrl.ToString(), null, null, ConnectionProtocol.OpenAI);
        RunspaceSessions.Set(session);
        WriteVerbose($"Bailian connected to the OpenAI-style gateway {endpoint.BaseUrl}{(string.IsNullOrWhiteSpace(key) ? " without a key" : " with the given key")}.");
        WriteObject(ConnectionInfo.Describe(session));
    }

    private PythonToolConfig ReadConfig(string path)
    {
        var config = PythonToolConfig.Read(FileSystemPath(path, ErrorIds.ConfigFileInvalid, "-ConfigFile"));
        foreach (var name in config.Unused)
        {
            WriteWarning($"{config.Path}: '{name}' is not a setting the Python tool reads (it reads DASHSCOPE_API_KEY and MODEL, with that case); ignored.");
        }

        WriteVerbose(config.ModelGiven
            ? $"Default model {config.Model}, from {config.Path}."
            : $"{config.Path} has no MODEL: the default model is {config.Model}, as in the Python tool.");
        return config;
    }

    // Only where a person can answer (never in a job, a service or pwsh -NonInteractive), and without echoing the key.
    private string? AskForKey(string label)
    {
        if (Host?.UI is not { } ui
            || !InteractivePrompt.IsPossible(Host.Name, Environment.UserInteractive, IsInputRedirected(), Environment.GetCommandLineArgs()))
        {
            return null;
        }

        try
        {
            ui.Write(label);
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

    // A model name one edit away (a letter missing, extra or changed; case ignored): a likely typo.
    private static bool Similar(string known, string given)
    {
        var (a, b) = (known.ToLowerInvariant(), given.ToLowerInvariant());
        if (Math.Abs(a.Length - b.Length) > 1 || a == b)
        {
            return false;
        }

        var (i, j) = (0, 0);
        while (i < a.Length && j < b.Length && a[i] == b[j])
        {
            i++;
            j++;
        }

        // After the first difference the rest must match, with one letter skipped in the longer name, or one changed.
        return a.Length == b.Length ? a.Substring(i + 1) == b.Substring(j + 1)
            : a.Length > b.Length ? a.Substring(i + 1) == b.Substring(j) : a.Substring(i) == b.Substring(j + 1);
    }
}
