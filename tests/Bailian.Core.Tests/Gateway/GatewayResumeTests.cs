using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Batch;
using Bailian.Catalog;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Tests.Support;
using Bailian.Work;

namespace Bailian.Tests.Gateway;

/// <summary>
/// -ResumeFrom with b64_json answers: an image generated but not saved has no URL to fetch again, so its bytes are
/// kept in the resume folder before the journal names them, and a rerun passes them on instead of paying again.
/// </summary>
public sealed class GatewayResumeTests : IClassFixture<ManualClockEmulatorFixture>, IDisposable
{
    private readonly ManualClockEmulatorFixture _emulator;
    private readonly DashScopeTransport _transport = new();
    private readonly TempFolder _folder = new();

    public GatewayResumeTests(ManualClockEmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
    }

    public void Dispose()
    {
        _transport.Dispose();
        _folder.Dispose();
    }

    private static PreparedGeneration Prepared(string prompt) => TextToImagePlanner.Prepare(
        new TextToImageRequest { Prompt = prompt, Seed = 5, Size = "1328x1328", ResponseFormat = ImageResponseFormat.Base64Json }, ModelCatalog.Default);

    // One run of the rows, as GenerationBatch drives the engine with a resume folder: decided rows passed on, the rest sent.
    private async Task<List<RowOutcome>> Run(params string[] prompts)
    {
        var outcomes = new List<RowOutcome>();
        using var resume = ResumeFolder.Open(_folder.Path);
        using (var engine = Clients.For(_transport).NewBatch(new BatchOptions { Ordered = true, Journal = resume.Journal }, o => { lock (outcomes) { outcomes.Add(o); } },
                   NullLog.Instance))
        {
            var number = 0;
            foreach (var prompt in prompts)
            {
                var prepared = Prepared(prompt);
                var decision = resume.Decide(prepared);
                var row = new BatchRow(++number, prepared, _emulator.Server.Gateway(), prompt) { JournalKey = decision.JournalKey };
                if (decision.Action == ResumeAction.Generated)
                {
                    engine.AddDecided(row, decision.Images, []);
                }
                else
                {
                    Assert.Equal(ResumeAction.Send, decision.Action);
                    await engine.AddAsync(row, CancellationToken.None);
                }
            }

            await engine.CompleteAsync();
        }

        return outcomes;
    }

    [Fact]
    public async Task A_b64_image_generated_but_not_saved_is_passed_on_by_a_rerun_without_a_second_call()
    {
        var first = await Run("a fox", "a hare");
        var kept = Directory.GetFiles(Path.Combine(_folder.Path, RowJournal.AnswersFolder));
        Assert.Equal(2, kept.Length);
        Assert.All(kept, f => Assert.EndsWith(".png", f, StringComparison.Ordinal));
        Assert.Equal(2, _emulator.ApiRequests.Count);

        var second = await Run("a fox", "a hare", "a lynx");

        Assert.Equal(3, _emulator.ApiRequests.Count); // only the new row was sent
        Assert.Equal(first.Select(o => o.Images[0].Bytes), second.Take(2).Select(o => o.Images[0].Bytes));
        Assert.All(second, o => Assert.NotNull(Assert.Single(o.Images).Bytes));
    }

    [Fact]
    public async Task If_the_kept_bytes_are_gone_the_row_is_generated_again_and_says_why()
    {
        await Run("a fox");
        foreach (var file in Directory.GetFiles(Path.Combine(_folder.Path, RowJournal.AnswersFolder)))
        {
            File.Delete(file);
        }

        using var resume = ResumeFolder.Open(_folder.Path);
        var decision = resume.Decide(Prepared("a fox"));

        Assert.Equal(ResumeAction.Send, decision.Action);
        Assert.Contains("no longer in", decision.Warning);
    }

    [Fact]
    public void A_journal_line_naming_a_file_outside_the_answers_folder_is_not_read()
    {
        File.WriteAllBytes(Path.Combine(_folder.Path, "outside.png"), ImageBytes.Png(8, 8));
        using var journal = RowJournal.Open(_folder.Path);

        Assert.Null(journal.ReadAnswer(new Bailian.Download.ImageSidecar { AnswerFile = RowJournal.AnswersFolder + "/../outside.png" }));
        Assert.Null(journal.ReadAnswer(new Bailian.Download.ImageSidecar { AnswerFile = "outside.png" }));
    }
}
