using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Bailian.Module.Tests;

/// <summary>
/// The built module (out/Bailian), opened with MetadataLoadContext: its types are read, not loaded,
/// so the cmdlets can be inspected without PowerShell.
/// </summary>
public sealed class ModuleFolder : IDisposable
{
    public ModuleFolder()
    {
        RepoRoot = FindRepoRoot();
        Path = System.IO.Path.Combine(RepoRoot, "out", "Bailian");
        var powerShell = System.IO.Path.Combine(AppContext.BaseDirectory, "System.Management.Automation.dll");
        var runtime = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll");
        var ours = Directory.GetFiles(Path, "*.dll");
        // Ours first: where a name is in both, the module's copy is the one PowerShell would load.
        var paths = ours.Concat([powerShell]).Concat(runtime.Where(r => !ours.Any(o => SameName(o, r))));
        Context = new MetadataLoadContext(new PathAssemblyResolver(paths), "netstandard");
        Cmdlets = Context.LoadFromAssemblyPath(System.IO.Path.Combine(Path, "Bailian.dll"));
        Core = Context.LoadFromAssemblyPath(System.IO.Path.Combine(Path, "Bailian.Core.dll"));
    }

    public string RepoRoot { get; }
    public string Path { get; }
    public MetadataLoadContext Context { get; }
    public Assembly Cmdlets { get; }
    public Assembly Core { get; }

    public void Dispose() => Context.Dispose();

    private static bool SameName(string a, string b) =>
        string.Equals(System.IO.Path.GetFileName(a), System.IO.Path.GetFileName(b), StringComparison.OrdinalIgnoreCase);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Bailian.Pwsh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bailian.Pwsh.sln not found above " + AppContext.BaseDirectory);
    }
}
