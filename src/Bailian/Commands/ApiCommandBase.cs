using System.Management.Automation;
using System.Security;
using Bailian.Client;
using Bailian.Completers;
using Bailian.Connection;
using Bailian.Http;
using Bailian.Transforms;

namespace Bailian.Commands;

/// <summary>
/// The connection parameters of every cmdlet that calls DashScope. None of them binds from the pipeline:
/// a CSV row or another command's object must never choose where the key is sent, nor the batch's
/// timeouts (design.md, "Objects from other commands").
/// </summary>
public abstract class ApiCommandBase : BailianCmdlet
{
    private DashScopeConnection? _connection;

    /// <summary>A DashScope key of the region you call. A plain string is accepted and converted.</summary>
    [Parameter]
    [Alias("api_key")]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    /// <summary>Beijing (cn-beijing, the default), Singapore (ap-southeast-1), Virginia (us-east-1), ...</summary>
    [Parameter]
    [ArgumentCompleter(typeof(RegionCompleter))]
    [NullIfEmptyTransformation]
    public string? Region { get; set; }

    /// <summary>
    /// DashScope (its own API, the default) or OpenAI (an OpenAI-style gateway at -Endpoint, with its own key); overrides
    /// Connect-Bailian's. Gateways answer at once: they have no tasks, regions or workspaces.
    /// </summary>
    [Parameter]
    public ConnectionProtocol? Protocol { get; set; }

    /// <summary>A base URL such as https://dashscope.aliyuncs.com/api/v1 (overrides -Region), or with -Protocol OpenAI the gateway's, such as https://gateway.example.com/v1.</summary>
    [Parameter]
    [NullIfEmptyTransformation]
    public string? Endpoint { get; set; }

    /// <summary>A workspace id: sent as X-DashScope-WorkSpace, and needed for Frankfurt and Tokyo; overrides Connect-Bailian's.</summary>
    [Parameter]
    [NullIfEmptyTransformation]
    public string? Workspace { get; set; }

    /// <summary>Seconds one attempt may take (default 300).</summary>
    [Parameter]
    [Alias("timeout")]
    [NullIfEmptyTransformation]
    [ValidateRange(1, 86400)]
    public int? TimeoutSec { get; set; }

    /// <summary>Retries of a failure that is safe to retry (default 3). A create that may have billed is never retried.</summary>
    [Parameter]
    [Alias("max_retries")]
    [NullIfEmptyTransformation]
    [ValidateRange(0, 20)]
    public int? MaxRetryCount { get; set; }

    /// <summary>Only New- and Edit-BailianImage reach gateways; the task commands refuse -Protocol OpenAI before anything is sent.</summary>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (this is not ImageCommandBase && Protocol == ConnectionProtocol.OpenAI)
        {
            ThrowBailianError(BailianClient.NoTasksOnGateway(null), Endpoint);
        }
    }

    protected internal TransportOptions TransportOptions => new()
    {
        Timeout = TimeoutSec is { } seconds ? System.TimeSpan.FromSeconds(seconds) : TransportOptions.DefaultTimeout,
        MaxRetryCount = MaxRetryCount ?? 3,
    };

    /// <summary>
    /// Resolved on first use, after ShouldProcess, so -WhatIf works without a key. A task made by this
    /// module knows its own region and endpoint (<paramref name="task"/>): they are used unless the command
    /// line names a region or endpoint.
    /// </summary>
    protected internal DashScopeConnection ResolveConnection(object? target, ImageTask? task = null)
    {
        var request = Request(task);
        if (_connection is not null && _lastRequest == request)
        {
            return _connection;
        }

        try
        {
            var connection = DashScopeConnection.Resolve(request, RunspaceSessions.Current);
            if (this is not ImageCommandBase && connection.Endpoint.Protocol == ConnectionProtocol.OpenAI)
            {
                ThrowBailianError(BailianClient.NoTasksOnGateway(connection.Endpoint), target);
            }

            _connection = connection;
            _lastRequest = request;
            WriteVerbose(connection.Endpoint.Protocol == ConnectionProtocol.OpenAI
                ? $"OpenAI-style gateway {connection.Endpoint.BaseUrl}, key from {connection.ApiKey.Source}."
                : $"DashScope endpoint {connection.Endpoint.BaseUrl} ({connection.Endpoint.Region?.Id ?? "region unknown"}), key from {connection.ApiKey.Source}.");
            return _connection;
        }
        catch (BailianConfigurationException error)
        {
            ThrowBailianError(error, target);
            throw; // not reached: ThrowTerminatingError throws
        }
    }

    /// <summary>Where calls would go, found without a key, so -WhatIf reports a bad region or endpoint as the real run would.</summary>
    protected internal DashScopeEndpoint ResolveEndpoint(object? target)
    {
        try
        {
            return DashScopeConnection.ResolveEndpoint(Request(null), RunspaceSessions.Current);
        }
        catch (BailianConfigurationException error)
        {
            ThrowBailianError(error, target);
            throw; // not reached: ThrowTerminatingError throws
        }
    }

    // A task is DashScope's, always: its own endpoint is a DashScope one, whatever the session's protocol.
    private ConnectionRequest Request(ImageTask? task)
    {
        var own = task is not null && Region is null && Endpoint is null;
        return new ConnectionRequest(SecureStrings.ToPlainText(ApiKey), own ? task!.Region : Region, own ? task!.Endpoint : Endpoint, Workspace,
            own ? ConnectionProtocol.DashScope : Protocol);
    }

    private ConnectionRequest? _lastRequest;
}
