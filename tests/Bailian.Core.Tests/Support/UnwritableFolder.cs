using System;
using System.IO;

namespace Bailian.Tests.Support;

/// <summary>
/// A folder this process cannot create files in: a temporary one made read-only, or, where that does not
/// stop us (root ignores permissions), a read-only system folder. Null where neither is available.
/// </summary>
public static class UnwritableFolder
{
    public static string? In(TempFolder folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var readOnly = Path.Combine(folder.Path, "read-only");
        Directory.CreateDirectory(readOnly);
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (!CanWrite(readOnly))
        {
            return readOnly;
        }

        // Running as root: make it deletable again, and use sysfs, where even root cannot create files.
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return OperatingSystem.IsLinux() && Directory.Exists("/sys/kernel") && !CanWrite("/sys/kernel") ? "/sys/kernel" : null;
    }

    /// <summary>Gives the folder back its write permission so the temporary folder can be deleted.</summary>
    public static void Restore(string? folder)
    {
        if (folder is not null && !OperatingSystem.IsWindows() && !folder.StartsWith("/sys/", StringComparison.Ordinal))
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool CanWrite(string folder)
    {
        var probe = Path.Combine(folder, "probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
