using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;

namespace Bailian.Batch;

/// <summary>One input row of a batch: validated and ready to send, or already decided (Prepared null).</summary>
/// <param name="Number">
/// The row's position in the pipeline input, from 1 (for messages); null for a request from the command line, which is
/// no row. The one way "no row number" is said (as InputRow.Number and ErrorRecords' rowNumber say it): null cannot be
/// mistaken for a position, as 0 could, and whether a row was a plain string (InputRow.IsText) is its shape, not its number.
/// </param>
/// <param name="Target">What errors about the row point at: the row itself.</param>
public sealed record BatchRow(int? Number, PreparedGeneration? Prepared, DashScopeConnection? Connection, object? Target)
{
    /// <summary>"Row 3", or "The request" for one from the command line: how messages name it.</summary>
    public string Label => Number is { } number ? $"Row {number}" : "The request";

    /// <summary>The input row's other columns, carried onto its results.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Columns { get; init; } = [];

    /// <summary>The row's name in the resume journal: its row key and its occurrence in the input.</summary>
    public string? JournalKey { get; init; }
}

/// <summary>
/// The one outcome of a row: the images it made (or the task, with -Async), and its failures. A row
/// always ends in exactly one of these, whatever happened to it.
/// </summary>
public sealed record RowOutcome(BatchRow Row, IReadOnlyList<ImageResult> Images, IReadOnlyList<BailianException> Failures, ImageTask? Task = null)
{
    public bool Failed => Images.Count == 0 && Task is null;
}

/// <summary>How a batch runs.</summary>
public sealed class BatchOptions
{
    /// <summary>Create calls in flight at once, over all models (and the most any one model may get).</summary>
    public int ThrottleLimit { get; init; } = 4;

    /// <summary>Create calls per second per model, when the account's rate is known; else the catalog's, if any.</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>Write outcomes in input order rather than as they complete.</summary>
    public bool Ordered { get; init; }

    /// <summary>Per-call timeout, and MaxRetryCount: how often a row is retried after 429s, and after server errors (counted apart).</summary>
    public TransportOptions Transport { get; init; } = new();

    /// <summary>How long one row may keep being throttled before it fails as Bailian.Throttled, whatever MaxRetryCount allows.</summary>
    public TimeSpan ThrottleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where billable calls and their answers are written down as they happen (-ResumeFrom), if anywhere.</summary>
    public RowJournal? Journal { get; init; }

    /// <summary>Rows accepted but not finished before adding more waits: bounds memory for any size of CSV.</summary>
    public int MaxPending => ThrottleLimit * 4 + 16;
}

/// <summary>Where a batch stands, for Write-Progress.</summary>
public sealed record BatchProgress(long Queued, long Running, long Done, long Failed, double ImagesPerMinute, TimeSpan? Remaining);
