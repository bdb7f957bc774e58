using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Catalog;
using Bailian.Client;
using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Tasks;
using Bailian.Work;

namespace Bailian.Tests.Support;

/// <summary>The images a request made, and the failures of a task's images.</summary>
public sealed record Generated(IReadOnlyList<ImageResult> Images, IReadOnlyList<BailianException> Failures);

/// <summary>Clients as the cmdlets build them, over a test's own transport, clock and pacer.</summary>
public static class Clients
{
    /// <summary>A client with its own query pacer on <paramref name="clock"/>: a test must not share the process-wide one.</summary>
    public static BailianClient For(DashScopeTransport transport, TimeProvider? clock = null) =>
        new(transport, new QueryPacer(20, clock ?? TimeProvider.System), ModelCatalog.Default, clock ?? TimeProvider.System);

    /// <summary>
    /// The create call of one row through the protocol, with the retries <paramref name="options"/> allow; for a
    /// model served as tasks, then the wait for its task — the two steps BatchEngine takes for a row.
    /// </summary>
    public static async Task<Generated> GenerateAsync(this BailianClient client, PreparedGeneration prepared, DashScopeConnection connection,
        TransportOptions options, IBailianLog log, CancellationToken cancellationToken)
    {
        var answer = await client.Images.CreateAsync(prepared, connection, options, log, cancellationToken);
        if (answer.Task is not { } task)
        {
            return new Generated(answer.Images, []);
        }

        var finished = await client.WaitTaskAsync(new TaskToWait(task, connection), null, options, log, cancellationToken);
        return new Generated(finished.Results, TaskErrors.Of(finished));
    }
}
