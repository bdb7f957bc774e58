using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Bailian.Emulator;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>What the views and objects show a person at the prompt (issue 10): models, tasks, the connection, progress, sidecars.</summary>
public sealed class WhatTheUserSeesTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose()
    {
        _shell.Invoke("Disconnect-Bailian");
        _shell.Dispose();
    }

    private static TimeSpan LocalOffset(DateTimeOffset at) => TimeZoneInfo.Local.GetUtcOffset(at.UtcDateTime);

    private string Text(string script) =>
        string.Concat(_shell.Invoke(script).AssertNoErrors().Output.Select(o => o.ToString()));

    [Fact]
    public void The_model_table_shows_every_name_in_full_and_its_kind()
    {
        var names = _shell.Invoke("(Get-BailianModel).Name").AssertNoErrors().Output.Select(o => o.ToString()).ToList();

        var table = Text("Get-BailianModel | Format-Table | Out-String -Width 250");

        Assert.All(names, name => Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(name)}\s", table));
        Assert.Contains("Kind", table, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^wan2\.2-t2i-flash\s+TextToImage\s", table);
        Assert.Matches(@"(?m)^qwen-image-edit-plus\s+Edit\s", table);
    }

    [Theory]
    [InlineData("TextToImage", "wan2.2-t2i-flash", "qwen-image-edit-plus")]
    [InlineData("Edit", "qwen-image-edit-plus", "wan2.2-t2i-flash")]
    [InlineData("TextToImage", "wan2.6-image", "qwen-image-edit-plus")] // from text alone with -Interleave
    [InlineData("Edit", "wan2.6-image", "wan2.2-t2i-flash")]
    public void Get_BailianModel_Kind_lists_the_models_of_that_kind(string kind, string listed, string notListed)
    {
        var models = _shell.Invoke($"Get-BailianModel -Kind {kind}").AssertNoErrors().Output;

        var names = models.Select(m => m.Text("Name")).ToList();
        Assert.Contains(listed, names);
        Assert.DoesNotContain(notListed, names);
        Assert.All(models, m => Assert.Contains(m.Text("Kind"), new[] { kind, "Both" }));
    }

    [Fact]
    public void A_task_shows_its_times_in_the_local_offset_whether_queried_listed_or_made_synchronously()
    {
        emulator.Control.TaskPendingTime = TimeSpan.Zero;
        emulator.Control.TaskRunningTime = TimeSpan.FromMilliseconds(200);

        var result = _shell.Invoke("""
            $task = New-BailianImage 'a cat' @Emulator -Async
            $queried = $task | Get-BailianTask -ApiKey $Emulator.ApiKey -Wait
            $listed = Get-BailianTask @Emulator | Where-Object TaskId -eq $task.TaskId
            $sync = New-BailianImage 'a dog' @Emulator
            $queried, $listed, $sync
            """).AssertNoErrors();

        var queried = result.Output[0];
        var listed = result.Output[1];
        var sync = result.Output[2];
        var queriedSubmit = (DateTimeOffset)queried.Value("SubmitTime")!;
        var listedSubmit = (DateTimeOffset)listed.Value("SubmitTime")!;
        Assert.Equal(LocalOffset(queriedSubmit), queriedSubmit.Offset);
        Assert.Equal(LocalOffset(listedSubmit), listedSubmit.Offset);
        Assert.True((queriedSubmit - listedSubmit).Duration() < TimeSpan.FromSeconds(1), $"{queriedSubmit} vs {listedSubmit}");
        var taskCreated = (DateTimeOffset)((System.Collections.IEnumerable)queried.Value("Results")!).Cast<object>()
            .Select(r => PSObject.AsPSObject(r).Value("CreatedAt")).First()!;
        var syncCreated = (DateTimeOffset)sync.Value("CreatedAt")!;
        Assert.Equal(LocalOffset(taskCreated), taskCreated.Offset);
        Assert.Equal(LocalOffset(syncCreated), syncCreated.Offset);
        var expires = (DateTimeOffset)sync.Value("ExpiresAt")!;
        Assert.Equal(LocalOffset(expires), expires.Offset);
    }

    [Fact]
    public void A_succeeded_task_shows_its_image_count_and_one_spelling_of_its_status_in_both_views()
    {
        emulator.Control.TaskPendingTime = TimeSpan.Zero;
        emulator.Control.TaskRunningTime = TimeSpan.FromMilliseconds(200);
        _shell.Invoke("$task = New-BailianImage 'a cat' @Emulator -Async | Get-BailianTask -ApiKey $Emulator.ApiKey -Wait").AssertNoErrors();

        var table = Text("$task | Format-Table | Out-String -Width 200");
        var list = Text("$task | Format-List | Out-String -Width 200");

        Assert.Equal(1, _shell.Invoke("$task.ImageCount").Output.Single().BaseObject);
        Assert.Matches(@"Succeeded\s+\S+\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+1 a cat", table);
        Assert.Matches(@"(?m)^Status\s+: Succeeded\s*$", list);
        Assert.Matches(@"(?m)^ImageCount\s+: 1\s*$", list);
        Assert.DoesNotContain("SUCCEEDED", table + list, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_view_of_a_failed_task_shows_its_error_code_and_message()
    {
        emulator.Control.TaskPendingTime = TimeSpan.Zero;
        emulator.Control.TaskRunningTime = TimeSpan.Zero;
        emulator.Control.EnqueueTaskOutcome(TaskOutcome.Failed("InternalError.Algo", "the model could not draw it"));

        var table = Text("""
            $task = New-BailianImage 'a cat' @Emulator -Async
            Start-Sleep -Milliseconds 300
            $task | Get-BailianTask -ApiKey $Emulator.ApiKey | Format-Table | Out-String -Width 200
            """);

        Assert.Contains("Failed", table, StringComparison.Ordinal);
        Assert.Contains("InternalError.Algo: the model could not draw it", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_queried_from_another_object_keeps_the_model_and_region_it_names()
    {
        var task = _shell.Invoke("""
            $made = New-BailianImage 'a cat' @Emulator -Async
            [pscustomobject]@{ TaskId = $made.TaskId; Model = 'wan2.2-t2i-flash'; Region = 'cn-beijing' } | Get-BailianTask @Emulator
            """).AssertNoErrors().OnlyOutput();

        Assert.Equal("wan2.2-t2i-flash", task.Text("Model"));
        Assert.Equal("cn-beijing", task.Text("Region"));
        // Described, not routed by: the query went to the endpoint given on the command line.
        Assert.Equal(2, emulator.ApiRequests.Count);
    }

    [Fact]
    public void Sidecars_keep_chinese_prompts_readable()
    {
        _shell.Invoke("New-BailianImage '把背景换成星空' @Emulator | Save-BailianImage -Metadata").AssertNoErrors();

        var sidecar = File.ReadAllText(Directory.GetFiles(_shell.WorkingFolder, "*.json").Single(), System.Text.Encoding.UTF8);
        Assert.Contains("\"prompt\": \"把背景换成星空\"", sidecar, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", sidecar, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_shows_one_bar_for_the_batch_and_names_each_large_file()
    {
        var before = emulator.Control.ResultImageBytes;
        emulator.Control.ResultImageBytes = 3 * 1024 * 1024;
        try
        {
            var result = _shell.Invoke("New-BailianImage 'a cat' -Model wan2.2-t2i-flash -Count 2 @Emulator | Save-BailianImage -FileName 'cat-{INDEX}'")
                .AssertNoErrors();

            var batch = result.Progress.Where(p => p.ActivityId == 1 && p.Activity == "Saving images").ToList();
            Assert.Contains(batch, p => p.StatusDescription == "2 of 2 files");
            var files = result.Progress.Where(p => p.Activity.StartsWith("Downloading ", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(files);
            Assert.All(files, p => Assert.Matches(@"^Downloading cat-[01]\.png$", p.Activity));
            Assert.All(files, p => Assert.Equal(1, p.ParentActivityId));
        }
        finally
        {
            emulator.Control.ResultImageBytes = before;
        }
    }

    [Fact]
    public void Api_commands_take_Workspace()
    {
        _shell.Invoke("New-BailianImage 'a cat' @Emulator -Workspace ws-5678").AssertNoErrors();

        Assert.Equal("ws-5678", Assert.Single(emulator.ApiRequests).Header("X-DashScope-WorkSpace"));
    }

    [Fact]
    public void Connect_Bailian_writes_the_connection_and_Get_BailianConnection_shows_it_with_the_key_masked()
    {
        var connected = _shell.Invoke("Connect-Bailian -Endpoint $Emulator.Endpoint -ApiKey $Emulator.ApiKey -Workspace ws-1").AssertNoErrors().OnlyOutput();
        var shown = _shell.Invoke("Get-BailianConnection").AssertNoErrors().OnlyOutput();
        var view = Text("Get-BailianConnection | Out-String -Width 200");

        foreach (var connection in new[] { connected, shown })
        {
            Assert.Equal("Bailian.ConnectionInfo", connection.TypeName());
            Assert.Equal(emulator.BeijingApi, connection.Text("Endpoint"));
            Assert.Equal("ws-1", connection.Text("Workspace"));
            Assert.Equal("Connect-Bailian", connection.Text("ApiKeySource"));
            Assert.Equal("sk-\u2026jing", connection.Text("ApiKey"));
        }

        Assert.Contains("ApiKeySource : Connect-Bailian", view, StringComparison.Ordinal);
        Assert.DoesNotContain(EmulatorFixture.BeijingKey, view, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_Bailian_in_an_interactive_host_asks_for_the_key_without_echoing_it()
    {
        var host = new PromptingHost(EmulatorFixture.BeijingKey);
        using var shell = new HostedPowerShell(emulator, host);

        var connection = shell.Invoke("Connect-Bailian").AssertNoErrors().OnlyOutput();
        shell.Invoke("New-BailianImage 'a cat' -Endpoint $Emulator.Endpoint").AssertNoErrors();

        Assert.Equal(1, host.SecurePrompts);
        Assert.Equal("Connect-Bailian", connection.Text("ApiKeySource"));
        Assert.DoesNotContain(EmulatorFixture.BeijingKey, host.Written, StringComparison.Ordinal);
        Assert.Equal(200, Assert.Single(emulator.ApiRequests).StatusCode);
    }

    [Fact]
    public void Connect_Bailian_without_a_key_in_a_session_without_a_user_interface_asks_nothing()
    {
        var result = _shell.Invoke("Connect-Bailian -Endpoint $Emulator.Endpoint").AssertNoErrors();
        var connection = result.OnlyOutput();

        Assert.Equal("none found", connection.Text("ApiKeySource"));
        Assert.Null(connection.Value("ApiKey"));
        Assert.Contains("calls will fail as Bailian.NoApiKey", Assert.Single(result.Warnings));
    }
}
