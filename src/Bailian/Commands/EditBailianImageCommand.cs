using System.Management.Automation;
using Bailian.Catalog;
using Bailian.Completers;
using Bailian.Generation;
using Bailian.Images;
using Bailian.Transforms;

namespace Bailian.Commands;

/// <summary>
/// <para type="synopsis">Edits images with a DashScope model: instruction edits, multi-image fusion, masks, outpainting, super-resolution.</para>
/// <para type="description">Images come from -Image (local paths, http(s) URLs, data: or oss:// URIs), -LiteralPath, or the pipeline
/// (files from Get-ChildItem, results of New-BailianImage, CSV rows with an image column). Local files are checked before anything
/// is sent and go inline, or through DashScope's temporary storage with -Upload. Billable: -WhatIf sends nothing.</para>
/// </summary>
[Cmdlet(VerbsData.Edit, "BailianImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ImageResult))]
[OutputType(typeof(ImageTask))]
public sealed class EditBailianImageCommand : ImageCommandBase
{
    /// <summary>The edit instruction, e.g. '把背景换成星空' or 'make it a watercolor'. Refer to several images as image 1, image 2…</summary>
    // Not mandatory: rows bring it in a prompt column, and a row without one is that row's error (Bailian.EmptyPrompt).
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("text", "instruction")]
    [AllowEmptyString]
    public string Prompt { get; set; } = "";

    /// <summary>
    /// Images to edit, in order: local paths (wildcards allowed), http(s) URLs, data: or oss:// URIs. Bound from the
    /// Url of piped results and an image column; a string piped in is one image.
    /// </summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("images", "Url", "image_url")]
    [SupportsWildcards]
    public string[] Image { get; set; } = [];

    /// <summary>Local images by their exact names (no wildcard expansion). Files piped from Get-ChildItem or Get-Item bind here, by their PSPath.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>wanx2.1-imageedit, description_edit_with_mask: white marks what to change; the size of the base image.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("mask_image_url")]
    [NullIfEmptyTransformation]
    public string? Mask { get; set; }

    /// <summary>wanx2.1-imageedit's function.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(FunctionCompleter))]
    [NullIfEmptyTransformation]
    public string? Function { get; set; }

    /// <summary>wanx2.1-imageedit stylization and description edits: 0.0 to 1.0 (model default 0.5).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [NullIfEmptyTransformation]
    public double? Strength { get; set; }

    /// <summary>wanx2.1-imageedit expand: how far to extend upward, 1.0 to 2.0.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("top_scale")]
    [NullIfEmptyTransformation]
    public double? TopScale { get; set; }

    /// <summary>wanx2.1-imageedit expand: downward, 1.0 to 2.0.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("bottom_scale")]
    [NullIfEmptyTransformation]
    public double? BottomScale { get; set; }

    /// <summary>wanx2.1-imageedit expand: to the left, 1.0 to 2.0.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("left_scale")]
    [NullIfEmptyTransformation]
    public double? LeftScale { get; set; }

    /// <summary>wanx2.1-imageedit expand: to the right, 1.0 to 2.0.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("right_scale")]
    [NullIfEmptyTransformation]
    public double? RightScale { get; set; }

    /// <summary>wanx2.1-imageedit super_resolution: 1 to 4.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("upscale_factor")]
    [NullIfEmptyTransformation]
    public int? UpscaleFactor { get; set; }

    /// <summary>wanx2.1-imageedit doodle: the input is a sketch (true) or a picture to turn into one.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("is_sketch")]
    [BooleanTransformation]
    public bool? IsSketch { get; set; }

    /// <summary>wan2.7: regions to edit, JSON with one list of [x1, y1, x2, y2] boxes (at most 2) per input image, e.g. '[[[0,0,200,200]],[]]'.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("bbox_list")]
    [NullIfEmptyTransformation]
    public string? BoundingBox { get; set; }

    /// <summary>Send local files through DashScope's temporary storage (Beijing only) instead of inline. Automatic above 10 MB in all.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public SwitchParameter Upload { get; set; }

    // A result piped in carries its own prompt, model, size and seed; they describe how it was made, not the
    // edit, so only the command line sets them. A file lends its path (literally: it is that file) and its name.
    private protected override IReadOnlyList<PipedType> PipedTypes { get; } =
    [
        new(typeof(FileInfo), ["LiteralPath", "Name"]),
        new(typeof(DirectoryInfo), [], "'{0}' is a folder: pipe its files instead (Get-ChildItem -LiteralPath <folder> -File)."),
        new(typeof(ImageResult), ["Image", "Name"]),
        new(typeof(ImageTask), [], "Task {0} is not an image: wait for it and pipe its images, as in ... | Get-BailianTask -Wait | ForEach-Object Results | Edit-BailianImage."),
    ];

    protected override void ProcessRecord()
    {
        var row = NextRow();
        var target = InputRows.SafeTarget(InputObject) ?? string.Join(", ", Image.Concat(LiteralPath));
        try
        {
            BindRow();
            Submit(EditPlanner.Prepare(ToRequest(), Client.Catalog), row, target);
        }
        catch (BailianValidationException error)
        {
            Refuse(error, row, target);
        }
    }

    private EditRequest ToRequest()
    {
        // A string piped in is an image, as -Image would take it; never quietly dropped for another.
        var piped = InputObject?.BaseObject as string;
        if (piped is not null && Image.Length > 0 || (piped is not null || Image.Length > 0) && LiteralPath.Length > 0)
        {
            throw new BailianValidationException(ErrorIds.InvalidImageCount,
                "Images came more than one way (-Image or an image column, -LiteralPath or a file piped in, a path piped in): give them one way.");
        }

        var images = piped is not null ? [piped] : Image;
        // A result that came as bytes (a gateway's b64_json) has no URL to bind: its bytes go as a data URI.
        if (InputObject?.BaseObject is ImageResult { Bytes: { } bytes } result && result.Url.Length == 0 && images.All(string.IsNullOrWhiteSpace))
        {
            images = [DataUri(bytes)];
        }

        var request = Fill(new EditRequest
        {
            Prompt = Prompt ?? "",
            Images = LiteralPath.Length > 0
                ? LiteralPath.Select(path => ImageSource.Classify(FileSystemPath(path, ErrorIds.ImageNotFound, "Image"))).ToList()
                : images.SelectMany(ImageList.Split).SelectMany(Resolve).ToList(),
            Mask = Mask is null ? null : ResolveOne(Mask),
            Function = Function,
            Strength = Strength,
            TopScale = TopScale,
            BottomScale = BottomScale,
            LeftScale = LeftScale,
            RightScale = RightScale,
            UpscaleFactor = UpscaleFactor,
            IsSketch = IsSketch,
            Upload = Upload,
            BoundingBoxes = BoundingBox,
        });
        request.Model = Model ?? EditRequest.DefaultModel;
        // A file from Get-ChildItem lends its name to the row; without the extension it reads better in file names,
        // and without the time, index and id of an earlier save, which would otherwise pile up with each edit.
        if (InputObject?.BaseObject is FileInfo file && string.Equals(Name, file.Name, StringComparison.Ordinal))
        {
            request.Name = Download.FileNameTemplate.NameOfSaved(Path.GetFileNameWithoutExtension(file.Name));
        }

        return request;
    }

    private static string DataUri(byte[] bytes)
    {
        var extension = Download.ImageFormat.Detect(bytes, Math.Min(bytes.Length, Download.ImageFormat.SignatureLength));
        var mime = extension switch { ".jpg" => "image/jpeg", ".webp" => "image/webp", _ => "image/png" };
        return "data:" + mime + ";base64," + Convert.ToBase64String(bytes);
    }

    private ImageSource ResolveOne(string text)
    {
        var matches = Resolve(text).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new BailianValidationException(ErrorIds.InvalidMask, $"-Mask '{text}' matches {matches.Count} files; give exactly one.");
    }

    // A URI passes as it is; a local path is resolved against PowerShell's location, wildcards expanded.
    private IEnumerable<ImageSource> Resolve(string text)
    {
        var source = ImageSource.Classify(text);
        if (source.Kind != ImageSourceKind.LocalFile)
        {
            return [source];
        }

        if (!WildcardPattern.ContainsWildcardCharacters(text))
        {
            return [ImageSource.Classify(FileSystemPath(text, ErrorIds.ImageNotFound, "Image"))];
        }

        List<string> matches;
        try
        {
            matches = [.. SessionState.Path.GetResolvedProviderPathFromPSPath(text, out _)];
        }
        catch (ItemNotFoundException)
        {
            matches = [];
        }

        // A pattern that matches nothing resolves to no paths, not to an error: say so here, not as "0 images".
        return matches.Count > 0
            ? matches.OrderBy(p => p, StringComparer.Ordinal).Select(ImageSource.Classify).ToList()
            : throw new BailianValidationException(ErrorIds.ImageNotFound, $"No file matches '{text}'. Use -LiteralPath for names that contain [ ] * or ?.");
    }
}
