using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Bailian.Batch;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Tests.Support;
using Xunit.Abstractions;

namespace Bailian.Tests.Batch;

/// <summary>
/// 520 rows through a storm of faults: throttling, server errors, dropped connections, answers that come
/// too late, content-filter refusals. Every row must end in exactly one outcome, the counts must add up,
/// and no create may be sent again once it could have been accepted. Runs alone: its 3 s client timeout
/// must only ever catch the injected 6 s delays, never a normal answer slowed by other tests.
/// </summary>
[Collection(nameof(Alone))]
public sealed class BatchFaultInjectionTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int Rows = 520;
    private readonly DashScopeTransport _transport = new();
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorServer.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _transport.Dispose();

    [Fact]
    public async Task Every_row_ends_once_the_counts_add_up_and_nothing_that_may_have_billed_is_sent_twice()
    {
        // Interleaved, so faults land on many different rows and on retries alike.
        var faults = new (EmulatorFault Fault, string Kind)[]
        {
            (EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)), "429"),
            (EmulatorFault.InternalError(), "500"),
            (EmulatorFault.DropConnection(), "drop"),
            (EmulatorFault.Status(400, "DataInspectionFailed", "Input data may contain inappropriate content."), "filtered"),
            (EmulatorFault.ServiceUnavailable(), "503"),
            (EmulatorFault.Delay(TimeSpan.FromSeconds(6)), "late"),
        };
        var expected = new Dictionary<string, int>();
        for (var round = 0; round < 15; round++)
        {
            // Five 429 bursts and five late answers (each holds a slot for the whole client timeout); fifteen of each other.
            foreach (var (fault, kind) in faults.Where(f => round < 5 || f.Kind is not ("429" or "late")))
            {
                _emulator.Control.EnqueueApiFault(fault, kind == "429" ? 4 : 1);
                expected[kind] = expected.GetValueOrDefault(kind) + (kind == "429" ? 4 : 1);
            }
        }

        var options = new BatchOptions
        {
            ThrottleLimit = 8,
            Transport = new TransportOptions { Timeout = TimeSpan.FromSeconds(3), MaxRetryCount = 20, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(100) },
        };
        var rows = Enumerable.Range(1, Rows).Select(i => new TextToImageRequest { Prompt = $"row {i}" });

        var outcomes = await new BatchRunner(_transport, options).RunAsync(_emulator.Connect(), rows);

        // Exactly one outcome per row.
        Assert.Equal(Enumerable.Range(1, Rows).Select(i => (int?)i), outcomes.Select(o => o.Row.Number).OrderBy(n => n));
        var failed = outcomes.Where(o => o.Failed).ToList();
        var succeeded = outcomes.Where(o => o.Images.Count == 1 && o.Failures.Count == 0).ToList();
        Assert.Equal(Rows, failed.Count + succeeded.Count);

        // Refusals that cannot bill are retried to success; what may have billed, and what was filtered, is not.
        var byId = failed.GroupBy(o => o.Failures.Single().ErrorId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected["filtered"], byId.GetValueOrDefault("Bailian.ContentFiltered"));
        Assert.Equal(expected["drop"] + expected["late"], byId.GetValueOrDefault("Bailian.OutcomeUnknown"));
        Assert.Equal(2, byId.Count);

        // Per row, every create but the last was refused (429 or 5xx); none follows one that may have been accepted.
        var posts = _emulator.Control.Requests.Where(r => r.Method == "POST")
            .GroupBy(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("input").GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString())
            .ToDictionary(g => g.Key!, g => g.ToList());
        Assert.Equal(Rows, posts.Count);
        foreach (var (prompt, calls) in posts)
        {
            Assert.All(calls.Take(calls.Count - 1), call => Assert.Contains(call.StatusCode, new[] { 429, 500, 503 }));
        }

        foreach (var row in failed.Where(o => o.Failures.Single().ErrorId == "Bailian.OutcomeUnknown"))
        {
            Assert.Single(posts[$"row {row.Row.Number}"], c => c.StatusCode is not (429 or 500 or 503));
        }

        output.WriteLine($"{Rows} rows: {succeeded.Count} succeeded, {failed.Count} failed ({string.Join(", ", byId.Select(kv => $"{kv.Key} {kv.Value}"))}); " +
                         $"{posts.Values.Sum(c => c.Count)} create calls for {expected.Values.Sum()} injected faults.");
    }
}
