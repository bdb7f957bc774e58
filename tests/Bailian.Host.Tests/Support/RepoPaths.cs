using System;
using System.IO;

namespace Bailian.Host.Tests.Support;

/// <summary>Where the repository and the built module are, found from the test binaries upward.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder that holds Bailian.Pwsh.sln.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>out/Bailian, laid out by building src/Bailian (this project builds it first).</summary>
    public static string ModuleFolder => Path.Combine(RepoRoot, "out", "Bailian");

    public static string ModuleManifest => Path.Combine(ModuleFolder, "Bailian.psd1");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bailian.Pwsh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bailian.Pwsh.sln not found above " + AppContext.BaseDirectory);
    }
}
