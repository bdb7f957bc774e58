using System.Management.Automation;
using Bailian.Catalog;
using Bailian.Completers;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Lists the models Bailian knows, with their sizes, image counts, prompt limits and regions.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BailianModel")]
[OutputType(typeof(ModelInfo))]
public sealed class GetBailianModelCommand : BailianCmdlet
{
    /// <summary>A model name; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    [SupportsWildcards]
    public string Name { get; set; } = "*";

    protected override void ProcessRecord()
    {
        var pattern = new WildcardPattern(Name, WildcardOptions.IgnoreCase);
        var found = false;
        foreach (var model in ModelCatalog.Default.Models)
        {
            if (pattern.IsMatch(model.Name))
            {
                found = true;
                WriteObject(model);
            }
        }

        if (!found && !WildcardPattern.ContainsWildcardCharacters(Name))
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"No model named '{Name}' in Bailian's catalog. Get-BailianModel lists them all."),
                "Bailian.ModelNotFound", ErrorCategory.ObjectNotFound, Name));
        }
    }
}
