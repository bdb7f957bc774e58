using System;
using System.IO;
using Bailian.Batch;
using Bailian.Catalog;
using Bailian.Generation;
using Bailian.Tests.Support;

namespace Bailian.Tests.Batch;

public sealed class ResumeJournalTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static PreparedGeneration Prepared(string prompt) =>
        TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = prompt }, ModelCatalog.Default);

    private static RowOutcome Outcome(PreparedGeneration prepared, params ImageResult[] images) =>
        new(new BatchRow(1, prepared, null, null), images, []);

    private static RowOutcome Failure(PreparedGeneration prepared, BailianException error) =>
        new(new BatchRow(1, prepared, null, null), [], [error]);

    private ResumeFolder Reopen() => ResumeFolder.Open(_folder.Path);

    [Fact]
    public void A_row_sent_without_a_recorded_answer_may_have_been_billed()
    {
        var prepared = Prepared("a fox");
        using (var first = Reopen())
        {
            first.Journal.Sending(first.Decide(prepared).JournalKey!);
        }

        using var second = Reopen();
        Assert.Equal(ResumeAction.MaybeBilled, second.Decide(prepared).Action);
    }

    [Fact]
    public void A_definite_refusal_frees_the_row_and_an_unknown_outcome_does_not()
    {
        var refused = Prepared("refused");
        var lost = Prepared("lost");
        using (var first = Reopen())
        {
            foreach (var (prepared, error) in new[]
            {
                (refused, new BailianException("Bailian.ContentFiltered", BailianErrorCategory.InvalidData, "no")),
                (lost, (BailianException)new Bailian.Http.OutcomeUnknownException("qwen-image-plus", new Uri("https://example.invalid/api/v1"), "timeout")),
            })
            {
                var key = first.Decide(prepared).JournalKey!;
                first.Journal.Sending(key);
                first.Journal.Finished(key, Failure(prepared, error));
            }
        }

        using var second = Reopen();
        Assert.Equal(ResumeAction.Send, second.Decide(refused).Action);
        Assert.Equal(ResumeAction.MaybeBilled, second.Decide(lost).Action);
    }

    [Fact]
    public void A_submitted_task_is_collected_unless_it_ended_without_images_and_a_failed_wait_changes_nothing()
    {
        var waiting = Prepared("waiting");
        var ended = Prepared("ended");
        using (var first = Reopen())
        {
            foreach (var (prepared, errorId) in new[] { (waiting, "Bailian.WaitTimeout"), (ended, "Bailian.TaskFailed") })
            {
                var key = first.Decide(prepared).JournalKey!;
                first.Journal.Sending(key);
                first.Journal.Submitted(key, new ImageTask { TaskId = "task-" + prepared.Request.Prompt, Region = "cn-beijing" });
                first.Journal.Finished(key, Failure(prepared, new BailianException(errorId, BailianErrorCategory.NotSpecified, "x")));
            }
        }

        using var second = Reopen();
        var collect = second.Decide(waiting);
        Assert.Equal(ResumeAction.Submitted, collect.Action);
        Assert.Equal("task-waiting", collect.Task!.TaskId);
        Assert.Equal("waiting", collect.Task.Prompt);
        Assert.Equal(ResumeAction.Send, second.Decide(ended).Action);
    }

    [Fact]
    public void Generated_images_are_passed_on_while_their_urls_live_and_two_identical_rows_stay_two()
    {
        var prepared = Prepared("twice");
        var fresh = "https://example.invalid/a.png?Expires=" + DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        using (var first = Reopen())
        {
            var key = first.Decide(prepared).JournalKey!;
            first.Journal.Finished(key, Outcome(prepared, new ImageResult { Url = fresh, Prompt = "twice", RowKey = RowKey.Of(prepared) }));
        }

        using var second = Reopen();
        var one = second.Decide(prepared);
        Assert.Equal(ResumeAction.Generated, one.Action);
        Assert.Equal(fresh, Assert.Single(one.Images).Url);
        Assert.Null(one.Images[0].SavedPath);
        Assert.Equal(ResumeAction.Send, second.Decide(prepared).Action); // the second identical row was never sent
    }

    [Fact]
    public void Images_whose_urls_expired_are_generated_again_with_a_warning()
    {
        var prepared = Prepared("stale");
        var expired = "https://example.invalid/a.png?Expires=" + DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        using (var first = Reopen())
        {
            first.Journal.Finished(first.Decide(prepared).JournalKey!, Outcome(prepared, new ImageResult { Url = expired }));
        }

        using var second = Reopen();
        var decision = second.Decide(prepared);
        Assert.Equal(ResumeAction.Send, decision.Action);
        Assert.Contains("expired", decision.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_cut_short_by_a_crash_is_not_relied_on()
    {
        var prepared = Prepared("cut");
        using (var first = Reopen())
        {
            first.Journal.Sending(first.Decide(prepared).JournalKey!);
        }

        File.AppendAllText(Path.Combine(_folder.Path, RowJournal.FileName), "{\"key\":\"" + RowKey.Of(prepared) + "#1\",\"state\":\"Ima");

        using var second = Reopen();
        Assert.Equal(ResumeAction.MaybeBilled, second.Decide(prepared).Action);
    }

    [Fact]
    public void A_read_only_folder_for_WhatIf_writes_nothing()
    {
        var missing = Path.Combine(_folder.Path, "not-yet");
        using (var resume = ResumeFolder.Open(missing, readOnly: true))
        {
            Assert.False(resume.Existed);
            resume.Journal.Sending(resume.Decide(Prepared("x")).JournalKey!);
        }

        Assert.False(Directory.Exists(missing));
    }
}
