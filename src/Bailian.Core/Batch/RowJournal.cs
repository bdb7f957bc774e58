using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bailian.Download;
using Bailian.Http;

namespace Bailian.Batch;

/// <summary>What an earlier run's journal says of a row.</summary>
public enum JournalState
{
    /// <summary>Sent, and no answer recorded (stopped mid-call, or Bailian.OutcomeUnknown): it may have been billed.</summary>
    MaybeBilled,

    /// <summary>Refused, or failed with a definite answer: nothing was billed, it may be sent again.</summary>
    NotBilled,

    /// <summary>Submitted as a task: collect it rather than submit it again.</summary>
    Task,

    /// <summary>Generated: its images (URLs valid for 24 h) are in <see cref="JournalEntry.Images"/>.</summary>
    Images,
}

/// <summary>One line of the journal.</summary>
public sealed class JournalEntry
{
    public string Key { get; set; } = "";
    public JournalState State { get; set; }
    public DateTimeOffset At { get; set; }
    public string? TaskId { get; set; }
    public string? Model { get; set; }
    public string? Region { get; set; }
    public string? Endpoint { get; set; }
    public DateTimeOffset? SubmitTime { get; set; }
    public List<ImageSidecar>? Images { get; set; }
    public string? ErrorId { get; set; }
}

/// <summary>
/// A write-ahead record of a batch's billable calls, kept in the -ResumeFrom folder (bailian-journal.jsonl,
/// one JSON object a line, appended). A row is written down just before its create call may leave, and again
/// the moment its answer arrives — before the answer is passed down the pipeline, where a stop could drop it.
/// So a later run with the same -ResumeFrom downloads what was generated (while its URLs live), collects the
/// tasks that were submitted, lists the calls whose outcome is unknown instead of paying for them twice, and
/// sends only rows never sent. A row is known by its <see cref="RowKey"/> plus its occurrence in the input.
/// </summary>
public sealed class RowJournal : IDisposable
{
    public const string FileName = "bailian-journal.jsonl";

    /// <summary>The subfolder where the bytes of images that came in the answer (b64_json) are kept until saved.</summary>
    public const string AnswersFolder = "bailian-answers";

    private readonly Dictionary<string, JournalEntry> _earlier;
    private readonly FileStream? _file;
    private readonly TimeProvider _clock;
    private readonly string _folder;

    private RowJournal(string folder, Dictionary<string, JournalEntry> earlier, FileStream? file, TimeProvider clock)
    {
        _folder = folder;
        _earlier = earlier;
        _file = file;
        _clock = clock;
    }

    /// <summary>
    /// Reads what earlier runs wrote in <paramref name="folder"/> and, unless <paramref name="readOnly"/> (for -WhatIf,
    /// which writes nothing), creates the folder if need be and opens the journal for this run's lines.
    /// </summary>
    /// <exception cref="BailianException">Bailian.JournalFailed when the journal cannot be read or written (then nothing is sent).</exception>
    public static RowJournal Open(string folder, bool readOnly = false, TimeProvider? clock = null)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            var earlier = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
            if (File.Exists(path))
            {
                foreach (var line in File.ReadLines(path, Encoding.UTF8))
                {
                    if (Parse(line) is { } entry)
                    {
                        earlier[entry.Key] = Fold(earlier.TryGetValue(entry.Key, out var before) ? before : null, entry);
                    }
                }
            }

            if (readOnly)
            {
                return new RowJournal(folder, earlier, null, clock ?? TimeProvider.System);
            }

            // Appended by whole lines, shared, so two runs into one folder interleave lines, not bytes.
            Directory.CreateDirectory(folder);
            var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            return new RowJournal(folder, earlier, file, clock ?? TimeProvider.System);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BailianException(ErrorIds.JournalFailed, BailianErrorCategory.WriteError,
                $"Cannot keep the resume journal {path}: {e.Message}", e);
        }
    }

    /// <summary>How many rows earlier runs recorded.</summary>
    public int Count => _earlier.Count;

    /// <summary>What earlier runs recorded of the row with this journal key, if anything.</summary>
    public JournalEntry? Find(string key) => _earlier.TryGetValue(key, out var entry) ? entry : null;

    /// <summary>Just before a create call may leave: from now on the row may be billed.</summary>
    public void Sending(string key) => Write(new JournalEntry { Key = key, State = JournalState.MaybeBilled });

    /// <summary>A task was created: a later run collects it instead of paying for another.</summary>
    public void Submitted(string key, ImageTask task) => Write(new JournalEntry
    {
        Key = key, State = JournalState.Task, TaskId = task.TaskId, Model = task.Model, Region = task.Region, Endpoint = task.Endpoint,
        SubmitTime = task.SubmitTime,
    });

    /// <summary>A row's answer, the moment it arrives.</summary>
    public void Finished(string key, RowOutcome outcome)
    {
        if (outcome.Images.Count > 0)
        {
            // An image that came as bytes has no URL to fetch later: the bytes are kept in the folder first, so the
            // line never names images a rerun could not pass on.
            Write(new JournalEntry { Key = key, State = JournalState.Images, Images = outcome.Images.Select(i => Record(key, i)).ToList() });
        }
        else if (outcome.Task is null && outcome.Failures.Count > 0)
        {
            var failure = outcome.Failures[0];
            // Only a call that may have reached DashScope without an answer stays "maybe billed".
            var state = failure is OutcomeUnknownException ? JournalState.MaybeBilled : JournalState.NotBilled;
            Write(new JournalEntry { Key = key, State = state, ErrorId = failure.ErrorId });
        }
    }

    public void Dispose() => _file?.Dispose();

    /// <summary>The bytes an entry's image kept (<see cref="ImageSidecar.AnswerFile"/>), or null when they are gone or unreadable.</summary>
    public byte[]? ReadAnswer(ImageSidecar image)
    {
        if (image.AnswerFile is not { } relative)
        {
            return null;
        }

        try
        {
            // Only a file of the answers folder: a journal line is data, and must not point anywhere else.
            var answers = Path.GetFullPath(Path.Combine(_folder, AnswersFolder));
            var path = Path.GetFullPath(Path.Combine(_folder, relative));
            return string.Equals(Path.GetDirectoryName(path), answers, StringComparison.Ordinal) ? File.ReadAllBytes(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private ImageSidecar Record(string key, ImageResult image)
    {
        var sidecar = ImageSidecar.From(image, null, default);
        if (image.Bytes is { } bytes && image.Url.Length == 0 && _file is not null)
        {
            sidecar.AnswerFile = KeepAnswer(key, image.Index, bytes);
        }

        return sidecar;
    }

    // Written whole under a temporary name, then renamed: a crash leaves either the file or nothing (and then no line names it).
    private string? KeepAnswer(string key, int index, byte[] bytes)
    {
        var extension = ImageFormat.Detect(bytes, Math.Min(bytes.Length, ImageFormat.SignatureLength)) ?? ".bin";
        var name = key.Replace('#', '-') + "-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + extension;
        var folder = Path.Combine(_folder, AnswersFolder);
        var target = Path.Combine(folder, name);
        var partial = target + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".bailian-partial";
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(partial, bytes);
            if (File.Exists(target))
            {
                File.Delete(target); // an earlier run's answer for the same row, generated again
            }

            File.Move(partial, target);
            return AnswersFolder + "/" + name;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The images still go down the pipeline in this run; a rerun, finding no bytes, generates the row again and says why.
            return null;
        }
        finally
        {
            try
            {
                File.Delete(partial);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: a leftover .bailian-partial file is never taken for an answer.
            }
        }
    }

    // The ways a task itself ends without images (TaskErrors): nothing billed, the row may be sent again.
    private static readonly HashSet<string> TaskEnds =
        new([ErrorIds.TaskFailed, ErrorIds.TaskCanceled, ErrorIds.TaskUnknown, ErrorIds.NoImages, ErrorIds.ContentFiltered], StringComparer.Ordinal);

    // A later line says more than an earlier one, except that a task once submitted stays the thing to collect
    // unless it made images or ended without them: a wait that failed (a timeout, a network fault) changes nothing.
    private static JournalEntry Fold(JournalEntry? before, JournalEntry next) =>
        before is { State: JournalState.Task } && next.State != JournalState.Images && !TaskEnds.Contains(next.ErrorId ?? "") ? before : next;

    private static JournalEntry? Parse(string line)
    {
        try
        {
            return line.Trim().Length == 0 ? null : JsonSerializer.Deserialize(line, JournalJsonContext.Default.JournalEntry);
        }
        catch (JsonException)
        {
            return null; // a line cut short by a crash: what it began to say is not relied on
        }
    }

    private void Write(JournalEntry entry)
    {
        if (_file is null)
        {
            return;
        }

        entry.At = _clock.GetUtcNow();
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, JournalJsonContext.Default.JournalEntry);
        lock (_file)
        {
            try
            {
                _file.Write([.. line, (byte)'\n'], 0, line.Length + 1);
                _file.Flush();
            }
            catch (ObjectDisposedException)
            {
                // A call that ended after its command did: the row's earlier line (sent, maybe billed) stands.
            }
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JournalEntry))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
