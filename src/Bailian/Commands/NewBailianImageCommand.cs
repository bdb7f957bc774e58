using System.Management.Automation;
using Bailian.Catalog;
using Bailian.Completers;
using Bailian.Transforms;
using Bailian.Generation;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Generates images from a text prompt with a DashScope (Model Studio) model.</para>
/// <para type="description">Each prompt, from the command line, the pipeline or a CSV row, is checked against the model's rules
/// before anything is sent, then generated; one Bailian.ImageResult is written per image (a Bailian.ImageTask with -Async).
/// Billable: -WhatIf sends nothing.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "BailianImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ImageResult))]
[OutputType(typeof(ImageTask))]
public sealed class NewBailianImageCommand : ImageCommandBase
{
    private static readonly string[] PromptNames = ["Prompt", "text"];

    /// <summary>What to draw. Up to 800 characters for qwen-image models, 2100 for wan2.6-t2i. Default model: qwen-image-plus.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("text")]
    [AllowEmptyString] // an empty line or cell is that row's error (Bailian.EmptyPrompt), not a row the binder drops uncounted
    [AllowNull]
    public string Prompt { get; set; } = "";

    /// <summary>wan2.7: let the model think before drawing (text to image, not with -Sequential). Bound from a thinking_mode column.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("thinking_mode")]
    [BooleanTransformation]
    public bool? ThinkingMode { get; set; }

    private protected override IReadOnlyList<PipedType> PipedTypes { get; } =
    [
        new(typeof(FileInfo), [], "'{0}' is a file: New-BailianImage takes prompts. For one prompt per line, pipe Get-Content -LiteralPath <file>; to edit the image, use Edit-BailianImage."),
        new(typeof(DirectoryInfo), [], "'{0}' is a folder: New-BailianImage takes prompts (strings, or rows with a prompt column)."),
        new(typeof(ImageResult), ["Prompt", "NegativePrompt", "Model", "Size", "Seed", "Name"]),
        new(typeof(ImageTask), ["Prompt", "NegativePrompt", "Model", "Size", "Seed", "Name"]),
    ];

    protected override void ProcessRecord()
    {
        var row = NextRow();
        var target = InputRows.SafeTarget(InputObject) ?? Prompt;
        try
        {
            BindRow();
            row.RequirePromptColumn(PromptNames);
            var request = Fill(new TextToImageRequest
            {
                Prompt = Prompt ?? "",
                Model = RunspaceSessions.Current.Model ?? TextToImageRequest.DefaultModel,
                ThinkingMode = ThinkingMode,
            });
            Submit(TextToImagePlanner.Prepare(request, Client.Catalog), row, target);
        }
        catch (BailianValidationException error)
        {
            Refuse(error, row, target);
        }
    }
}
