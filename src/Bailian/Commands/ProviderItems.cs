using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Bailian.Commands;

/// <summary>
/// Saved files as Get-Item writes them (a FileInfo with PSPath, PSParentPath, PSChildName, on Linux and macOS
/// UnixStat, PSDrive, PSProvider and PSIsContainer), made cheaply: the provider is asked once per folder and its
/// answer's provider-level properties reused for the next files of that folder. Asking it for every file resolved
/// the drive again each time (on Linux a read of /proc/self/mountinfo), about a tenth of Save-BailianImage's CPU per
/// row at zero latency (issue 12).
/// </summary>
internal sealed class ProviderItems
{
    // pwsh 7 on Linux and macOS adds UnixStat (what its default view shows as UnixMode, User, Group and Size) with
    // an internal lstat helper that no public API exposes. It is called here by reflection, as the provider calls it;
    // where a pwsh has no such method, the provider is asked for every file instead, which is slower but the same.
    private static readonly MethodInfo? UnixLStat = typeof(PSObject).Assembly
        .GetType("System.Management.Automation.Platform+Unix")
        ?.GetMethod("GetLStat", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, null, [typeof(string)], null);

    private readonly Func<string, PSObject> _getItem;
    private string? _folder;
    private string _pathPrefix = "";
    private object? _parentPath;
    private object? _drive;
    private object? _provider;
    private bool _hasUnixStat;

    /// <param name="getItem">The provider's own Get-Item of one literal path (InvokeProvider.Item.Get).</param>
    public ProviderItems(Func<string, PSObject> getItem) => _getItem = getItem;

    /// <summary>The provider item for <paramref name="file"/>, as Get-Item -LiteralPath would write it.</summary>
    public PSObject For(FileInfo file)
    {
        if (_folder is not null && string.Equals(file.DirectoryName, _folder, StringComparison.Ordinal))
        {
            // Added in the provider's order, so Format-List * lists them alike.
            var item = new PSObject(file);
            item.Properties.Add(new PSNoteProperty("PSPath", _pathPrefix + file.FullName));
            item.Properties.Add(new PSNoteProperty("PSParentPath", _parentPath));
            item.Properties.Add(new PSNoteProperty("PSChildName", file.Name));
            if (_hasUnixStat)
            {
                item.Properties.Add(new PSNoteProperty("UnixStat", LStat(file.FullName)));
            }

            item.Properties.Add(new PSNoteProperty("PSDrive", _drive));
            item.Properties.Add(new PSNoteProperty("PSProvider", _provider));
            item.Properties.Add(new PSNoteProperty("PSIsContainer", false));
            return item;
        }

        var asked = _getItem(file.FullName);
        Remember(file, asked);
        return asked;
    }

    // As the provider does it: null when the stat cannot be read.
    private static object? LStat(string path)
    {
        try
        {
            return UnixLStat!.Invoke(null, [path]);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    // Only an answer of the expected shape (PSPath = a provider prefix + the full path) is reused, and one with
    // UnixStat only where it can be made the provider's way.
    private void Remember(FileInfo file, PSObject asked)
    {
        _hasUnixStat = asked.Properties["UnixStat"] is not null;
        if (asked.Properties["PSPath"]?.Value is string path && path.EndsWith(file.FullName, StringComparison.Ordinal)
            && asked.Properties["PSChildName"]?.Value is string child && child == file.Name
            && (!_hasUnixStat || UnixLStat is not null))
        {
            _pathPrefix = path.Substring(0, path.Length - file.FullName.Length);
            _parentPath = asked.Properties["PSParentPath"]?.Value;
            _drive = asked.Properties["PSDrive"]?.Value;
            _provider = asked.Properties["PSProvider"]?.Value;
            _folder = file.DirectoryName;
        }
    }
}
