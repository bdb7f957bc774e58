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

    /// <summary>Only models of this kind: TextToImage (New-BailianImage), Edit (Edit-BailianImage), or Both. A model of both kinds is listed for each.</summary>
    [Parameter]
    public ModelKind? Kind { get; set; }

    protected override void ProcessRecord()
    {
        var pattern = new WildcardPattern(Name, WildcardOptions.IgnoreCase);
        var found = false;
        foreach (var model in Client.Catalog.Models)
        {
            if (pattern.IsMatch(model.Name))
            {
                // A named model of another kind is found, just not listed: "no model named" would be untrue.
                found = true;
                if (Kind is not { } kind || model.IsKind(kind))
                {
                    WriteObject(model);
                }
            }
        }

        if (!found && !WildcardPattern.ContainsWildcardCharacters(Name))
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"No model named '{Name}' in Bailian's catalog. Get-BailianModel lists them all."),
                ErrorIds.ModelNotFound, ErrorCategory.ObjectNotFound, Name));
        }
    }
}
