using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;

namespace Bailian.Host.Tests.Support;

/// <summary>Everything one script wrote, stream by stream.</summary>
public sealed class ScriptResult
{
    internal ScriptResult(Collection<PSObject> output, PSDataStreams streams, ErrorRecord? terminatingError)
    {
        Output = output;
        TerminatingError = terminatingError;
        Errors = streams.Error.Concat(terminatingError is null ? [] : [terminatingError]).ToList();
        Warnings = streams.Warning.Select(w => w.Message).ToList();
        Verbose = streams.Verbose.Select(v => v.Message).ToList();
        Information = streams.Information.ToList();
        Progress = streams.Progress.ToList();
    }

    /// <summary>The output objects, in order.</summary>
    public Collection<PSObject> Output { get; }

    /// <summary>Every error record: the non-terminating ones, then the one that ended the script, if any.</summary>
    public IReadOnlyList<ErrorRecord> Errors { get; }

    /// <summary>The error that stopped the script (a <c>throw</c>, or <c>-ErrorAction Stop</c>); null when it ran to the end.</summary>
    public ErrorRecord? TerminatingError { get; }

    public IReadOnlyList<string> Warnings { get; }

    public IReadOnlyList<string> Verbose { get; }

    /// <summary>The information stream (Write-Information, Write-Host, and the cmdlets' summaries).</summary>
    public IReadOnlyList<InformationRecord> Information { get; }

    public IReadOnlyList<ProgressRecord> Progress { get; }

    /// <summary>The FullyQualifiedErrorId of each error, in order.</summary>
    public IReadOnlyList<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId).ToList();

    /// <summary>The only output object; fails (listing the errors) when there is not exactly one.</summary>
    public PSObject OnlyOutput()
    {
        Assert.True(Output.Count == 1, $"Expected one output object, got {Output.Count}.{Describe()}");
        return Output[0];
    }

    /// <summary>Fails the test, listing every error, when the script wrote any.</summary>
    public ScriptResult AssertNoErrors()
    {
        Assert.True(Errors.Count == 0, "The script wrote errors:" + Describe());
        return this;
    }

    /// <summary>The error ids, messages and targets, one per line, for assertion messages.</summary>
    public string Describe() => string.Concat(Errors.Select(e =>
        $"\n  {e.FullyQualifiedErrorId}: {e.Exception.Message} (target: {e.TargetObject ?? "none"})"));
}
