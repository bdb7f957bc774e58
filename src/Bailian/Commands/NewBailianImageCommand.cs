using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Bailian.Catalog;
using Bailian.Completers;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Input;
using Bailian.Tasks;
using Bailian.Transforms;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Generates images from a text prompt with a DashScope (Model Studio) model.</para>
/// <para type="description">Each prompt, from the command line, the pipeline or a CSV row, is checked against the model's rules
/// before anything is sent, then generated; one Bailian.ImageResult is written per image. Billable: -WhatIf sends nothing.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "BailianImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ImageResult))]
[OutputType(typeof(ImageTask))]
public sealed class NewBailianImageCommand : ApiCommandBase
{
    private static readonly string[] PromptNames = ["Prompt", "text"];
    private readonly HashSet<string> _warned = [];
    private int _rowNumber;

    /// <summary>What to draw. Up to 800 characters for qwen-image models, 2100 for wan2.6-t2i.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("text")]
    public string Prompt { get; set; } = "";

    /// <summary>What to keep out of the image.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("negative_prompt")]
    [NullIfEmptyTransformation]
    public string? NegativePrompt { get; set; }

    /// <summary>The model (default qwen-image-plus). Get-BailianModel lists them.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    [NullIfEmptyTransformation]
    public string? Model { get; set; }

    /// <summary>Width*height, e.g. 1328*1328 (1328x1328 also works). Allowed values depend on the model.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SizeCompleter))]
    [NullIfEmptyTransformation]
    public string? Size { get; set; }

    /// <summary>Images to make from this prompt (default 1; each is billed).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("n")]
    [NullIfEmptyTransformation]
    public int? Count { get; set; }

    /// <summary>0 to 2147483647; the same seed and prompt give similar images.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [NullIfEmptyTransformation]
    public long? Seed { get; set; }

    /// <summary>Let DashScope rewrite the prompt for better results (model default: on).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("prompt_extend")]
    [BooleanTransformation]
    public bool? PromptExtend { get; set; }

    /// <summary>Add the model's visible watermark (model default: off).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public bool? Watermark { get; set; }

    /// <summary>A name for the row; Save-BailianImage uses it in file names.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [NullIfEmptyTransformation]
    public string? Name { get; set; }

    /// <summary>Submit as a task and write a Bailian.ImageTask at once; collect it with Get-BailianTask -Wait.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public SwitchParameter Async { get; set; }

    /// <summary>The pipeline object itself, so its other columns travel on with the results.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        _rowNumber++;
        var row = InputRows.From(InputObject, _rowNumber);
        var target = (object?)InputObject ?? Prompt;
        try
        {
            row.RequirePromptColumn(PromptNames);
            var prepared = TextToImagePlanner.Prepare(ToRequest(), ModelCatalog.Default);
            WarnOnce(prepared.Warnings);
            if (!ShouldProcess(prepared.Describe(), "Generate (billed per image)"))
            {
                return;
            }

            var connection = ResolveConnection(target);
            var carried = row.OtherColumns(InputRows.ParameterNames(MyInvocation.MyCommand)).ToList();
            if (Async)
            {
                var task = RunWork((log, token) => new TaskClient(DashScopeTransport.Shared).SubmitAsync(prepared, connection, TransportOptions, log, token));
                WriteObject(InputRows.WithColumns(task, task.Columns, carried));
                return;
            }

            var generator = new ImageGenerator(DashScopeTransport.Shared);
            var outcome = RunWork((log, token) => generator.GenerateAsync(prepared, connection, TransportOptions, log, token));
            foreach (var result in outcome.Images)
            {
                WriteObject(InputRows.WithColumns(result, result.Columns, carried));
            }

            foreach (var failure in outcome.Failures)
            {
                WriteBailianError(failure, target, row.IsText ? null : row.Number);
            }
        }
        catch (BailianException error)
        {
            WriteBailianError(error, target, row.IsText ? null : row.Number);
        }
    }

    private TextToImageRequest ToRequest() => new()
    {
        Prompt = Prompt,
        NegativePrompt = NegativePrompt,
        Model = Model ?? TextToImageRequest.DefaultModel,
        Size = Size,
        Count = Count,
        Seed = Seed,
        PromptExtend = PromptExtend,
        Watermark = Watermark,
        Name = Name,
        Async = Async,
    };

    private void WarnOnce(IEnumerable<string> warnings)
    {
        foreach (var warning in warnings.Where(_warned.Add))
        {
            WriteWarning(warning);
        }
    }
}
