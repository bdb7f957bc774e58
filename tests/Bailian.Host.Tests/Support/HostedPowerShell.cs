using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Bailian.Emulator;

namespace Bailian.Host.Tests.Support;

/// <summary>
/// A PowerShell runspace with the built module (out/Bailian) imported, its location ($PWD) a fresh temporary
/// folder, and the class's emulator reset. One per test: runspaces are cheap once the first has loaded PowerShell.
/// <para>
/// Scripts see <c>$Emulator</c>, a hashtable to splat (<c>New-BailianImage 'a cat' @Emulator</c>) with the
/// emulator's Beijing <c>Endpoint</c> and <c>ApiKey</c>. Pass them, or call <see cref="ConnectToEmulator"/>:
/// a Connect-Bailian session belongs to its runspace, so tests connecting their own runspaces run side by side.
/// <c>$env:</c> is the process's: no test here changes it.
/// </para>
/// </summary>
public sealed class HostedPowerShell : IDisposable
{
    /// <summary>
    /// Where a request goes that a test forgot to point at its emulator: a loopback port where nothing listens
    /// (the discard port), so that nothing can reach the real service. Set for the whole test process, once,
    /// with a developer's own key variables cleared for the same reason.
    /// </summary>
    public const string NowhereEndpoint = "http://127.0.0.1:9/api/v1";

    private readonly Runspace _runspace;

    static HostedPowerShell()
    {
        Environment.SetEnvironmentVariable("DASHSCOPE_HTTP_BASE_URL", NowhereEndpoint);
        Environment.SetEnvironmentVariable("DASHSCOPE_API_KEY", null);
        Environment.SetEnvironmentVariable("DASHSCOPE_API_KEY_FILE_PATH", null);
    }

    /// <param name="host">A host with a user interface (<see cref="PromptingHost"/>); by default none, as in a job.</param>
    public HostedPowerShell(EmulatorFixture emulator, System.Management.Automation.Host.PSHost? host = null)
    {
        Emulator = emulator;
        emulator.Reset();
        WorkingFolder = Directory.CreateTempSubdirectory("bailian-host-").FullName;

        _runspace = host is null ? RunspaceFactory.CreateRunspace(NewSessionState()) : RunspaceFactory.CreateRunspace(host, NewSessionState());
        try
        {
            _runspace.Open();
            var setup = Invoke(
                "Import-Module -Name $manifest -ErrorAction Stop; Set-Location -LiteralPath $folder",
                new Dictionary<string, object?> { ["manifest"] = RepoPaths.ModuleManifest, ["folder"] = WorkingFolder });
            if (setup.Errors.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Importing {RepoPaths.ModuleManifest} failed (build the solution first):{setup.Describe()}");
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        _runspace.SessionStateProxy.SetVariable("Emulator",
            new System.Collections.Hashtable { ["Endpoint"] = emulator.BeijingApi, ["ApiKey"] = EmulatorFixture.BeijingKey });
    }

    public EmulatorFixture Emulator { get; }

    /// <summary>The runspace's current location: a temporary folder of this test's own, deleted afterwards.</summary>
    public string WorkingFolder { get; }

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="variables"/> set first, and returns what it wrote.
    /// An error that stops the script is returned too (as <see cref="ScriptResult.TerminatingError"/>), not thrown.
    /// </summary>
    public ScriptResult Invoke(string script, IDictionary<string, object?>? variables = null)
    {
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }

        using var shell = PowerShell.Create(_runspace);
        shell.AddScript(script);
        try
        {
            var output = shell.Invoke();
            return new ScriptResult(output, shell.Streams, null);
        }
        catch (RuntimeException error)
        {
            return new ScriptResult([], shell.Streams, error.ErrorRecord);
        }
    }

    private static InitialSessionState NewSessionState()
    {
        var state = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            // Windows' default policy would refuse the module's format file; the policy is not what is tested here.
            state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }

        return state;
    }

    /// <summary>Runs Connect-Bailian for the emulator's Beijing region, in this runspace only.</summary>
    public void ConnectToEmulator() =>
        Invoke("Connect-Bailian -Endpoint $Emulator.Endpoint -ApiKey $Emulator.ApiKey").AssertNoErrors();

    /// <summary>Writes a real PNG of the given size (<paramref name="seed"/> picks its colours) into the working folder; returns its full path.</summary>
    public string WritePng(string name, int width = 1024, int height = 1024, int seed = 0)
    {
        var path = Path.Combine(WorkingFolder, name);
        File.WriteAllBytes(path, TestImages.Png(width, height, seed));
        return path;
    }

    /// <summary>Writes a text file (UTF-8, no BOM) into the working folder and returns its full path.</summary>
    public string WriteText(string name, string text)
    {
        var path = Path.Combine(WorkingFolder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        _runspace.Dispose();
        try
        {
            Directory.Delete(WorkingFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on Windows: the temp folder is the OS's to clean.
        }
    }
}
