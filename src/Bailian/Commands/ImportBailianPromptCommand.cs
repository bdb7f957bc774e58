using System.Management.Automation;
using Bailian.Input;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Reads prompt files of the simple Python tool (prompt.txt) as rows for New-BailianImage.</para>
/// <para type="description">Each file gives one Bailian.PromptFileRow whose properties bind to New-BailianImage's parameters.
/// A file that cannot be read is one error naming the file and line (Bailian.PromptFileInvalid); the other files are still read.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "BailianPrompt", DefaultParameterSetName = PathSet)]
[OutputType(typeof(PromptFileRow))]
public sealed class ImportBailianPromptCommand : BailianCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Prompt files; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Prompt files by their exact names. Files piped from Get-ChildItem or Get-Item bind here, by their PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var given in literal ? LiteralPath : Path)
        {
            foreach (var file in Resolve(given, literal))
            {
                try
                {
                    var row = PromptFileReader.Read(file);
                    if (row.Count is > 1 and var count)
                    {
                        // Honoured, as the file says; but a user of the tool got one image per file, so the bill may surprise.
                        WriteWarning($"{file}: n={count} makes {count} images from this prompt, each billed (the Python tool reads n= but made one).");
                    }

                    WriteObject(row);
                }
                catch (PromptFileException error)
                {
                    WriteBailianError(error, file);
                }
            }
        }
    }

    // File system paths only; a pattern that matches nothing is that path's error, and the others go on.
    private List<string> Resolve(string given, bool literal)
    {
        var files = new List<string>();
        try
        {
            if (literal || !WildcardPattern.ContainsWildcardCharacters(given))
            {
                files.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(given, out var provider, out _));
                RequireFileSystem(provider, given);
            }
            else
            {
                files.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(given, out var provider));
                RequireFileSystem(provider, given);
                if (files.Count == 0)
                {
                    throw new ItemNotFoundException(given);
                }
            }
        }
        catch (ItemNotFoundException)
        {
            WriteBailianError(new PromptFileException(given, null, "no file matches. Use -LiteralPath for names that contain [ ] * or ?.", BailianErrorCategory.ObjectNotFound), given);
            return [];
        }
        catch (PromptFileException error)
        {
            WriteBailianError(error, given);
            return [];
        }

        return files;
    }

    private static void RequireFileSystem(ProviderInfo provider, string given)
    {
        if (provider.Name != "FileSystem")
        {
            throw new PromptFileException(given, null, $"is a {provider.Name} path: prompt files are files.", BailianErrorCategory.InvalidArgument);
        }
    }
}
