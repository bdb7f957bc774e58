using System.Management.Automation;
using System.Security;
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

    /// <summary>A base URL such as https://dashscope.aliyuncs.com/api/v1; overrides -Region.</summary>
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
            _connection = DashScopeConnection.Resolve(request, RunspaceSessions.Current);
            _lastRequest = request;
            WriteVerbose($"DashScope endpoint {_connection.Endpoint.BaseUrl} ({_connection.Endpoint.Region?.Id ?? "region unknown"}), key from {_connection.ApiKey.Source}.");
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

    private ConnectionRequest Request(ImageTask? task)
    {
        var own = task is not null && Region is null && Endpoint is null;
        return new ConnectionRequest(SecureStrings.ToPlainText(ApiKey), own ? task!.Region : Region, own ? task!.Endpoint : Endpoint, Workspace);
    }

    private ConnectionRequest? _lastRequest;
}
