using System;
using System.Collections.Generic;
using System.Linq;
using Bailian.Emulator;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>What Get-BailianTask and Stop-BailianTask bind: tasks from New-BailianImage -Async, ids, and id columns.</summary>
public sealed class TaskBindingTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly HostedPowerShell _shell;
    private readonly string _taskId;

    public TaskBindingTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _shell = new HostedPowerShell(emulator);
        // Long enough PENDING for any machine: DashScope cancels only tasks that have not started.
        emulator.Control.TaskPendingTime = TimeSpan.FromMinutes(10);
        _taskId = _shell.Invoke("$task = New-BailianImage 'a cat' @Emulator -Async; $task.TaskId").AssertNoErrors().OnlyOutput().ToString();
        emulator.Control.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    private Dictionary<string, object?> Id => new Dictionary<string, object?> { ["id"] = _taskId };

    private string TaskPath => $"/cn-beijing/api/v1/tasks/{_taskId}";

    [Fact]
    public void A_piped_task_is_asked_about_at_the_endpoint_it_was_created_at()
    {
        // No -Endpoint: it binds from the task's Endpoint property.
        var task = _shell.Invoke("$task | Get-BailianTask -ApiKey $Emulator.ApiKey").AssertNoErrors().OnlyOutput();

        Assert.Equal(("GET", TaskPath), Single(_emulator.ApiRequests));
        Assert.Equal(("Bailian.ImageTask", _taskId), (task.TypeName(), task.Text("TaskId")));
    }

    [Theory]
    [InlineData("Get-BailianTask $id @Emulator")]
    [InlineData("$id | Get-BailianTask @Emulator")]
    [InlineData("[pscustomobject]@{ TaskId = $id } | Get-BailianTask @Emulator")]
    [InlineData("[pscustomobject]@{ task_id = $id } | Get-BailianTask @Emulator")]
    [InlineData("[pscustomobject]@{ Id = $id } | Get-BailianTask @Emulator")]
    public void The_task_id_binds_by_position_by_value_and_by_property_name(string script)
    {
        var task = _shell.Invoke(script, Id).AssertNoErrors().OnlyOutput();

        Assert.Equal(("GET", TaskPath), Single(_emulator.ApiRequests));
        Assert.Equal(_taskId, task.Text("TaskId"));
    }

    [Fact]
    public void Without_an_id_it_lists_the_account_s_tasks()
    {
        var listed = _shell.Invoke("Get-BailianTask @Emulator").AssertNoErrors().Output;

        Assert.Equal(("GET", "/cn-beijing/api/v1/tasks/"), Single(_emulator.ApiRequests));
        Assert.Contains(_taskId, listed.Select(t => t.Text("TaskId")));
    }

    [Fact]
    public void The_list_filters_go_into_the_query()
    {
        _shell.Invoke("""
            Get-BailianTask -Status succeeded -Model qwen-image-plus -After '2026-11-20T08:00:00Z' -Before '2026-11-21T08:00:00Z' @Emulator
            """).AssertNoErrors();

        var query = System.Web.HttpUtility.ParseQueryString(Assert.Single(_emulator.ApiRequests).Query);
        Assert.Equal(("SUCCEEDED", "qwen-image-plus"), (query["status"], query["model_name"]));
        // DashScope reads these as Beijing time (UTC+08:00).
        Assert.Equal(("20261120160000", "20261121160000"), (query["start_time"], query["end_time"]));
    }

    [Fact]
    public void Several_statuses_are_picked_from_one_listing()
    {
        var pendingOrRunning = _shell.Invoke("Get-BailianTask -Status pending,RUNNING @Emulator").AssertNoErrors().Output;
        var finished = _shell.Invoke("Get-BailianTask -Status SUCCEEDED, FAILED, CANCELED @Emulator").AssertNoErrors().Output;

        Assert.Contains(_taskId, pendingOrRunning.Select(t => t.Text("TaskId")));
        Assert.DoesNotContain(_taskId, finished.Select(t => t.Text("TaskId")));
        Assert.All(_emulator.ApiRequests, request => Assert.Null(System.Web.HttpUtility.ParseQueryString(request.Query)["status"]));
    }

    [Fact]
    public void An_unknown_status_is_refused_before_anything_is_sent()
    {
        var result = _shell.Invoke("Get-BailianTask -Status DONE @Emulator");

        Assert.Equal("ParameterArgumentValidationError,Bailian.Commands.GetBailianTaskCommand", Assert.Single(result.ErrorIds));
        Assert.Empty(_emulator.ApiRequests);
    }

    [Fact]
    public void Wait_writes_the_task_once_it_has_finished()
    {
        _emulator.Control.TaskPendingTime = TimeSpan.Zero;
        _emulator.Control.TaskRunningTime = TimeSpan.Zero;
        // A model of its own: the other tests' qwen-image-plus tasks would hold its two running slots.
        _shell.Invoke("$task = New-BailianImage 'a dog' -Model wan2.2-t2i-flash @Emulator -Async").AssertNoErrors();

        var done = _shell.Invoke("$task | Get-BailianTask -Wait -ApiKey $Emulator.ApiKey").AssertNoErrors().OnlyOutput();

        Assert.Equal("SUCCEEDED", done.Text("StatusText"));
        Assert.Single((System.Collections.IEnumerable)done.Value("Results")!);
    }

    [Theory]
    [InlineData("$task | Stop-BailianTask -ApiKey $Emulator.ApiKey")]
    [InlineData("Stop-BailianTask $id @Emulator")]
    [InlineData("[pscustomobject]@{ task_id = $id } | Stop-BailianTask @Emulator")]
    public void Stop_BailianTask_cancels_the_task_it_is_given(string script)
    {
        _shell.Invoke(script, Id).AssertNoErrors();

        Assert.Equal(("POST", TaskPath + "/cancel"), Single(_emulator.ApiRequests));
    }

    [Fact]
    public void Stop_BailianTask_WhatIf_sends_nothing()
    {
        _shell.Invoke("$task | Stop-BailianTask -ApiKey $Emulator.ApiKey -WhatIf").AssertNoErrors();

        Assert.Empty(_emulator.ApiRequests);
    }

    private static (string Method, string Path) Single(IReadOnlyList<RecordedRequest> requests)
    {
        var request = Assert.Single(requests);
        return (request.Method, request.Path);
    }
}
