using Bailian.Client.OpenAi;
using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Tasks;
using Bailian.Work;

namespace Bailian.Client;

/// <summary>
/// Picks the protocol per call by the connection's <see cref="DashScopeEndpoint.Protocol"/>: DashScope's native API or an
/// OpenAI-style gateway. What one protocol has and the other lacks is refused here, before anything is sent.
/// </summary>
internal sealed class ProtocolImageApi : IImageApi
{
    private readonly IImageApi _dashScope;
    private readonly IImageApi _gateway;

    public ProtocolImageApi(IImageApi dashScope, IImageApi gateway)
    {
        _dashScope = dashScope;
        _gateway = gateway;
    }

    /// <exception cref="BailianValidationException">Also Bailian.GatewayOnly for -ResponseFormat on DashScope, Bailian.NotOnGateway for DashScope's options on a gateway.</exception>
    public void CheckEndpoint(PreparedGeneration prepared, DashScopeEndpoint endpoint)
    {
        if (endpoint.Protocol == ConnectionProtocol.DashScope && prepared.Request.ResponseFormat is { } format)
        {
            throw new BailianValidationException(ErrorIds.GatewayOnly,
                $"-ResponseFormat {format} is an option of OpenAI-style gateways (-Protocol OpenAI); DashScope ({endpoint.BaseUrl}) always answers with URLs. Drop it, or call a gateway.");
        }

        For(endpoint).CheckEndpoint(prepared, endpoint);
    }

    public Task<CreateAnswer> CreateAsync(PreparedGeneration prepared, DashScopeConnection connection, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken)
    {
        CheckEndpoint(prepared, connection.Endpoint);
        return For(connection.Endpoint).CreateAsync(prepared, connection, options, log, cancellationToken);
    }

    /// <summary>The line -WhatIf and -Confirm show: what would be billed, and for a gateway the URL it would go to.</summary>
    public static string WhatIf(PreparedGeneration prepared, DashScopeEndpoint endpoint)
    {
        if (endpoint.Protocol != ConnectionProtocol.OpenAI)
        {
            return WhatIfText.Of(prepared);
        }

        // No size is sent unless one was given, and a gateway's default need not be DashScope's (the catalog's).
        var text = WhatIfText.Of(prepared);
        if (prepared.Size is null && prepared.NamedSize is null && prepared.Model?.DefaultSize is { } catalogDefault)
        {
            text = text.Replace($" at {catalogDefault}", " at the gateway's default size");
        }

        return $"{text} via POST {endpoint.Resolve(OpenAiBody.RouteOf(prepared))}";
    }

    /// <summary>
    /// The planner's warnings as they apply at <paramref name="endpoint"/>: on a gateway, a model the catalog does not
    /// know goes to the gateway's route, not to the DashScope endpoint (and -EndpointFamily) the planner's warning names.
    /// </summary>
    public static IEnumerable<string> Warnings(PreparedGeneration prepared, DashScopeEndpoint endpoint)
    {
        var unknownModel = RequestChecks.UnknownModelLead(prepared.ModelName);
        return endpoint.Protocol != ConnectionProtocol.OpenAI
            ? prepared.Warnings
            : prepared.Warnings.Select(warning => warning.StartsWith(unknownModel, StringComparison.Ordinal)
                ? $"{unknownModel}: sending it as given to {endpoint.Resolve(OpenAiBody.RouteOf(prepared))}, {RequestChecks.WithoutLocalChecks}"
                : warning);
    }

    private IImageApi For(DashScopeEndpoint endpoint) => endpoint.Protocol == ConnectionProtocol.OpenAI ? _gateway : _dashScope;
}

/// <summary>Tasks exist on DashScope only: a task call on a gateway connection is refused before it is sent.</summary>
internal sealed class DashScopeOnlyTaskApi : ITaskApi
{
    private readonly ITaskApi _tasks;

    public DashScopeOnlyTaskApi(ITaskApi tasks) => _tasks = tasks;

    public Task<ImageTask> QueryAsync(ImageTask task, DashScopeConnection connection, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken) =>
        _tasks.QueryAsync(task, Check(connection), options, log, cancellationToken);

    public Task CancelAsync(ImageTask task, DashScopeConnection connection, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken) =>
        _tasks.CancelAsync(task, Check(connection), options, log, cancellationToken);

    public Task ListAsync(TaskListQuery query, DashScopeConnection connection, TransportOptions options, Action<ImageTask> found, IBailianLog log,
        CancellationToken cancellationToken) =>
        _tasks.ListAsync(query, Check(connection), options, found, log, cancellationToken);

    /// <exception cref="BailianConfigurationException">Bailian.NotOnGateway.</exception>
    public static DashScopeConnection Check(DashScopeConnection connection) =>
        connection.Endpoint.Protocol == ConnectionProtocol.OpenAI ? throw NoTasks(connection.Endpoint) : connection;

    /// <summary>The error of a task command aimed at a gateway.</summary>
    public static BailianConfigurationException NoTasks(DashScopeEndpoint? endpoint) => new(ErrorIds.NotOnGateway,
        $"Tasks are part of DashScope's API; {(endpoint is null ? "an OpenAI-style gateway" : $"the OpenAI-style gateway {endpoint.BaseUrl}")} answers every call at once and has none. " +
        "Use -Protocol DashScope (with a DashScope key) for tasks made on DashScope.");
}
