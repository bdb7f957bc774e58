using System;
using System.IO;
using System.Management.Automation;

namespace Bailian.Commands;

/// <summary>
/// Saved files as Get-Item writes them (a FileInfo with PSPath, PSParentPath, PSChildName, PSDrive, PSProvider and
/// PSIsContainer), made cheaply: the provider is asked once per folder and its answer's provider-level properties
/// reused for the next files of that folder. Asking it for every file resolved the drive again each time (on Linux a
/// read of /proc/self/mountinfo), about a tenth of Save-BailianImage's CPU per row at zero latency (issue 12).
/// </summary>
internal sealed class ProviderItems
{
    private readonly Func<string, PSObject> _getItem;
    private string? _folder;
    private string _pathPrefix = "";
    private object? _parentPath;
    private object? _drive;
    private object? _provider;

    /// <param name="getItem">The provider's own Get-Item of one literal path (InvokeProvider.Item.Get).</param>
    public ProviderItems(Func<string, PSObject> getItem) => _getItem = getItem;

    /// <summary>The provider item for <paramref name="file"/>, as Get-Item -LiteralPath would write it.</summary>
    public PSObject For(FileInfo file)
    {
        if (_folder is not null && string.Equals(file.DirectoryName, _folder, StringComparison.Ordinal))
        {
            var item = new PSObject(file);
            item.Properties.Add(new PSNoteProperty("PSPath", _pathPrefix + file.FullName));
            item.Properties.Add(new PSNoteProperty("PSParentPath", _parentPath));
            item.Properties.Add(new PSNoteProperty("PSChildName", file.Name));
            item.Properties.Add(new PSNoteProperty("PSDrive", _drive));
            item.Properties.Add(new PSNoteProperty("PSProvider", _provider));
            item.Properties.Add(new PSNoteProperty("PSIsContainer", false));
            return item;
        }

        var asked = _getItem(file.FullName);
        Remember(file, asked);
        return asked;
    }

    // Only an answer of the expected shape (PSPath = a provider prefix + the full path) is reused.
    private void Remember(FileInfo file, PSObject asked)
    {
        if (asked.Properties["PSPath"]?.Value is string path && path.EndsWith(file.FullName, StringComparison.Ordinal)
            && asked.Properties["PSChildName"]?.Value is string child && child == file.Name)
        {
            _pathPrefix = path.Substring(0, path.Length - file.FullName.Length);
            _parentPath = asked.Properties["PSParentPath"]?.Value;
            _drive = asked.Properties["PSDrive"]?.Value;
            _provider = asked.Properties["PSProvider"]?.Value;
            _folder = file.DirectoryName;
        }
    }
}
