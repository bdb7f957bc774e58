using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Batch;
using Bailian.Catalog;
using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Work;

namespace Bailian.Tests.Batch;

/// <summary>Drives a BatchEngine the way the cmdlets do, collecting every outcome.</summary>
public sealed class BatchRunner(DashScopeTransport transport, BatchOptions options, TimeProvider? clock = null)
{
    public ConcurrentQueue<RowOutcome> Outcomes { get; } = new();

    public async Task<List<RowOutcome>> RunAsync(DashScopeConnection connection, IEnumerable<TextToImageRequest> rows)
    {
        using var engine = Bailian.Tests.Support.Clients.For(transport, clock).NewBatch(options, Outcomes.Enqueue, NullLog.Instance);
        var number = 0;
        foreach (var request in rows)
        {
            number++;
            try
            {
                var prepared = TextToImagePlanner.Prepare(request, ModelCatalog.Default);
                await engine.AddAsync(new BatchRow(number, prepared, connection, request), CancellationToken.None);
            }
            catch (BailianValidationException error)
            {
                engine.AddDecided(new BatchRow(number, null, null, request), [], [error]);
            }
        }

        await engine.CompleteAsync();
        return Outcomes.ToList();
    }
}
