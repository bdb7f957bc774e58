using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Bailian.Completers;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Input;
using Bailian.Tasks;
using Bailian.Transforms;

namespace Bailian.Commands;

/// <summary>
/// The parameters New-BailianImage and Edit-BailianImage share, and the one way both send a prepared
/// request and write what comes back: images (or a task with -Async), then one error per failure.
/// </summary>
public abstract class ImageCommandBase : ApiCommandBase
{
    private readonly HashSet<string> _warned = [];
    private int _rowNumber;

    /// <summary>What to keep out of the image.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("negative_prompt")]
    [NullIfEmptyTransformation]
    public string? NegativePrompt { get; set; }

    /// <summary>The model. Get-BailianModel lists them.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    [NullIfEmptyTransformation]
    public string? Model { get; set; }

    /// <summary>Width*height, e.g. 1328*1328 (1328x1328 also works). Allowed values depend on the model.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SizeCompleter))]
    [NullIfEmptyTransformation]
    public string? Size { get; set; }

    /// <summary>Images to make (default 1; each is billed).</summary>
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

    /// <summary>Copies the shared parameters onto a request.</summary>
    protected T Fill<T>(T request)
        where T : ImageRequest
    {
        request.NegativePrompt = NegativePrompt;
        request.Model = Model ?? request.Model;
        request.Size = Size;
        request.Count = Count;
        request.Seed = Seed;
        request.PromptExtend = PromptExtend;
        request.Watermark = Watermark;
        request.Name = Name;
        request.Async = Async;
        return request;
    }

    /// <summary>The current pipeline object as a row (numbered from 1).</summary>
    protected InputRow NextRow() => InputRows.From(InputObject, ++_rowNumber);

    /// <summary>Asks, sends and writes the outcome: the images, or the task with -Async, then each failure.</summary>
    protected void Send(PreparedGeneration prepared, InputRow row, object target)
    {
        foreach (var warning in prepared.Warnings.Where(_warned.Add))
        {
            WriteWarning(warning);
        }

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
            WriteRowError(failure, target, row);
        }
    }

    protected void WriteRowError(BailianException error, object target, InputRow row) =>
        WriteBailianError(error, target, row.IsText ? null : row.Number);
}
