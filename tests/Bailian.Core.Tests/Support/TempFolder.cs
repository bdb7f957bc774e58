using System;
using System.IO;

namespace Bailian.Tests.Support;

/// <summary>A folder for a test's files, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("bailian-test-").FullName;

    public string Write(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A file of the given length that starts with <paramref name="head"/> (the rest zeros, written cheaply).</summary>
    public string WriteSized(string name, byte[] head, long length)
    {
        var path = System.IO.Path.Combine(Path, name);
        using var file = new FileStream(path, FileMode.CreateNew);
        file.Write(head);
        file.SetLength(length);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
