using System.Management.Automation;
using Bailian.Completers;
using Bailian.Generation;
using Bailian.Input;
using Bailian.Transforms;

namespace Bailian.Commands;

/// <summary>
/// The parameters New-BailianImage and Edit-BailianImage share, and the hand-over of each prepared row to
/// their batch (<see cref="GenerationBatch"/>), which sends it and writes what comes back.
/// </summary>
public abstract class ImageCommandBase : ApiCommandBase
{
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

    /// <summary>qwen-image-3.0: how the prompt is extended, direct or agent (agent only without input images). Bound from a prompt_extend_mode column.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("prompt_extend_mode")]
    [ArgumentCompleter(typeof(PromptExtendModeCompleter))]
    [NullIfEmptyTransformation]
    public string? PromptExtendMode { get; set; }

    /// <summary>wan2.7: make an image group (enable_sequential); -Count may then be 1 to 12.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("enable_sequential")]
    [BooleanTransformation]
    public SwitchParameter Sequential { get; set; }

    /// <summary>wan2.7: colours and their shares, '#C2D1E6:0.25,#636574:0.5,#FFFFFF:0.25' (3 to 10), or the API's JSON array.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("color_palette")]
    [NullIfEmptyTransformation]
    public string? ColorPalette { get; set; }

    /// <summary>wan2.6-image: interleaved text and images, streamed (enable_interleave); the text is on each result's Text.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("enable_interleave")]
    [BooleanTransformation]
    public SwitchParameter Interleave { get; set; }

    /// <summary>wan2.6-image with -Interleave: at most this many images, 1 to 5 (max_images).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("max_images")]
    [NullIfEmptyTransformation]
    public int? MaxImages { get; set; }

    /// <summary>The DashScope endpoint family, for a model the catalog does not know (e.g. wanx-v1 with Text2Image).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [NullIfEmptyTransformation]
    public EndpointFamily? EndpointFamily { get; set; }

    /// <summary>The pipeline object itself, so its other columns travel on with the results.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>
    /// With -Protocol OpenAI: Url (the gateway's default, a link valid for a while) or Base64Json (the image itself in the
    /// answer, which Save-BailianImage writes without a download); the API's names url and b64_json work too. DashScope
    /// refuses it before anything is sent.
    /// </summary>
    [Parameter]
    [ResponseFormatTransformation]
    public ImageResponseFormat? ResponseFormat { get; set; }

    /// <summary>Create calls in flight at once, over all models together (default 4). Results are written as they complete; rows keep flowing in meanwhile.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Write results in input order instead of as they complete.</summary>
    [Parameter]
    public SwitchParameter Ordered { get; set; }

    /// <summary>
    /// A folder for this batch's journal, and the images saved there with Save-BailianImage -Metadata. Every
    /// billable call and its answer is written down there as it happens; a rerun with the same folder sends only
    /// rows never sent: it passes on saved images, downloads what was generated but not saved (while the URLs
    /// live, 24 h), collects submitted tasks, and lists the calls whose outcome is unknown instead of paying twice.
    /// </summary>
    [Parameter]
    public string? ResumeFrom { get; set; }

    /// <summary>With -ResumeFrom: send again the rows an earlier run sent without getting an answer (Bailian.OutcomeUnknown). They may be billed twice.</summary>
    [Parameter]
    public SwitchParameter ResendOutcomeUnknown { get; set; }

    private PipelineBinder? _binder;
    private GenerationBatch? _batch;

    /// <summary>Objects of other commands (files, our results and tasks) and what each may set here by property name.</summary>
    private protected abstract IReadOnlyList<PipedType> PipedTypes { get; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _binder = new PipelineBinder(this, PipedTypes);
        _batch = new GenerationBatch(this, ThrottleLimit, Ordered, ResumeFrom, ResendOutcomeUnknown);
    }

    protected override void EndProcessing() => _batch!.Complete();

    protected override void StopProcessing()
    {
        // Asked before the stop cancels their waits: the tasks still being waited on.
        var running = _batch?.WaitingTasks ?? [];
        base.StopProcessing();
        _batch?.Stopped(running);
    }

    protected override void Dispose(bool disposing)
    {
        // Before the base cancels the token: a pipeline stopped downstream lets the calls in flight finish.
        if (disposing)
        {
            _batch?.EndEarly(byCtrlC: StopToken.IsCancellationRequested);
        }

        base.Dispose(disposing);
        if (disposing)
        {
            _batch?.Dispose();
        }
    }

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
        request.ResponseFormat = ResponseFormat;
        request.PromptExtendMode = PromptExtendMode;
        request.Sequential = Sequential.IsPresent ? Sequential.ToBool() : null;
        request.ColorPalette = ColorPalette;
        request.Interleave = Interleave.IsPresent ? Interleave.ToBool() : null;
        request.MaxImages = MaxImages;
        request.EndpointFamily = EndpointFamily;
        return request;
    }

    /// <summary>The current pipeline object as a row (numbered from 1). Every object piped in is counted, refused or not.</summary>
    protected InputRow NextRow() => InputRows.From(InputObject, ++_rowNumber);

    /// <summary>Finishes binding the current pipeline object (see <see cref="PipelineBinder"/>); throws when it cannot be used.</summary>
    protected void BindRow() => _binder!.Apply(InputObject);

    /// <summary>Hands a prepared row to the batch (<see cref="GenerationBatch.Submit"/>).</summary>
    protected void Submit(PreparedGeneration prepared, InputRow row, object target) => _batch!.Submit(prepared, row, target);

    /// <summary>A row refused before sending: its error takes its place among the outcomes.</summary>
    protected void Refuse(BailianException error, InputRow row, object target) => _batch!.Refuse(error, row, target);
}
