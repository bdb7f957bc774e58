namespace Bailian;

/// <summary>
/// Every error id Bailian raises: the FullyQualifiedErrorId prefix of its ErrorRecords, stable across
/// releases. Raise sites use these constants, never string literals. Each id has a row in the
/// Troubleshooting table of README.md (tests/pester/ReadmeReference.Tests.ps1 checks both ways).
/// </summary>
public static class ErrorIds
{
    // Connection: key, region, endpoint (terminating: configuration problems).

    /// <summary>No API key in -ApiKey, Connect-Bailian, DASHSCOPE_API_KEY, its key file or ~/.dashscope/api_key.</summary>
    public const string NoApiKey = "Bailian.NoApiKey";
    /// <summary>-Region names no region Bailian knows.</summary>
    public const string UnknownRegion = "Bailian.UnknownRegion";
    /// <summary>The region has no shared endpoint and no -Workspace was given.</summary>
    public const string WorkspaceRequired = "Bailian.WorkspaceRequired";
    /// <summary>-Endpoint (or DASHSCOPE_HTTP_BASE_URL) is not an absolute http(s) URL.</summary>
    public const string InvalidEndpoint = "Bailian.InvalidEndpoint";
    /// <summary>-Endpoint uses plain http on a host that is not loopback.</summary>
    public const string InsecureEndpoint = "Bailian.InsecureEndpoint";
    /// <summary>-Protocol OpenAI without -Endpoint (in the command or Connect-Bailian -Protocol OpenAI): a gateway has no default address.</summary>
    public const string GatewayEndpointRequired = "Bailian.GatewayEndpointRequired";
    /// <summary>A part of DashScope's API asked of an OpenAI-style gateway (tasks, -Async, -Region, -Workspace, -Upload, oss://, -Mask, -Function); nothing is sent.</summary>
    public const string NotOnGateway = "Bailian.NotOnGateway";
    /// <summary>An OpenAI-style gateway's option (-ResponseFormat) asked of DashScope; nothing is sent.</summary>
    public const string GatewayOnly = "Bailian.GatewayOnly";

    // DashScope's answers (DashScopeException maps its status and code to these).

    /// <summary>DashScope answered 401 InvalidApiKey: the key is revoked or from another region.</summary>
    public const string InvalidApiKey = "Bailian.InvalidApiKey";
    /// <summary>DashScope answered 403: e.g. a task-only model called synchronously, or the reverse.</summary>
    public const string AccessDenied = "Bailian.AccessDenied";
    /// <summary>DashScope's content inspection refused the input or output (DataInspectionFailed, IPInfringementSuspect), also as a task's failure.</summary>
    public const string ContentFiltered = "Bailian.ContentFiltered";
    /// <summary>DashScope answered ModelNotFound; also Get-BailianModel for a name not in the catalog.</summary>
    public const string ModelNotFound = "Bailian.ModelNotFound";
    /// <summary>DashScope answered InvalidParameter: it refused a value Bailian let through.</summary>
    public const string InvalidParameter = "Bailian.InvalidParameter";
    /// <summary>DashScope answered UnsupportedOperation: the model or region does not offer the operation.</summary>
    public const string UnsupportedOperation = "Bailian.UnsupportedOperation";
    /// <summary>DashScope answered 429 with a quota or billing code (not retried).</summary>
    public const string QuotaOrBilling = "Bailian.QuotaOrBilling";
    /// <summary>DashScope answered 429 rate limiting (retried; raised when retries run out).</summary>
    public const string Throttled = "Bailian.Throttled";
    /// <summary>DashScope answered 5xx (retried; raised when retries run out).</summary>
    public const string ServerError = "Bailian.ServerError";
    /// <summary>Any other DashScope error status or code.</summary>
    public const string ApiError = "Bailian.ApiError";
    /// <summary>An answer (or an upload policy) that is not the JSON DashScope writes.</summary>
    public const string UnreadableResponse = "Bailian.UnreadableResponse";
    /// <summary>A call got no answer within -TimeoutSec and cannot have been accepted.</summary>
    public const string Timeout = "Bailian.Timeout";
    /// <summary>A call failed to connect, before anything could have been accepted.</summary>
    public const string ConnectionFailed = "Bailian.ConnectionFailed";
    /// <summary>A billable call failed after its body may have left (it may have billed), or a resumed row was sent without an answer.</summary>
    public const string OutcomeUnknown = "Bailian.OutcomeUnknown";
    /// <summary>A generation call succeeded, or a task succeeded, without any image.</summary>
    public const string NoImages = "Bailian.NoImages";

    // Checks before sending (nothing was sent, nothing billed).

    /// <summary>The prompt is empty or not given.</summary>
    public const string EmptyPrompt = "Bailian.EmptyPrompt";
    /// <summary>The prompt is longer than the model takes.</summary>
    public const string PromptTooLong = "Bailian.PromptTooLong";
    /// <summary>The negative prompt is longer than the model takes.</summary>
    public const string NegativePromptTooLong = "Bailian.NegativePromptTooLong";
    /// <summary>A text holds U+FFFD: the CSV was read in the wrong encoding.</summary>
    public const string GarbledText = "Bailian.GarbledText";
    /// <summary>The size is not one the model allows.</summary>
    public const string InvalidSize = "Bailian.InvalidSize";
    /// <summary>The image count is outside the model's range.</summary>
    public const string InvalidCount = "Bailian.InvalidCount";
    /// <summary>The seed is out of range.</summary>
    public const string InvalidSeed = "Bailian.InvalidSeed";
    /// <summary>-Async on a model that has no asynchronous endpoint.</summary>
    public const string NoAsyncEndpoint = "Bailian.NoAsyncEndpoint";
    /// <summary>New-BailianImage with an editing model, which needs input images.</summary>
    public const string NeedsInputImage = "Bailian.NeedsInputImage";
    /// <summary>Edit-BailianImage with a model that makes images from text only.</summary>
    public const string CannotEdit = "Bailian.CannotEdit";
    /// <summary>The model is not served in the connection's region.</summary>
    public const string ModelNotInRegion = "Bailian.ModelNotInRegion";
    /// <summary>An option the model or edit function does not take.</summary>
    public const string ParameterNotApplicable = "Bailian.ParameterNotApplicable";
    /// <summary>A numeric edit option is outside its range.</summary>
    public const string OutOfRange = "Bailian.OutOfRange";
    /// <summary>A model option's value cannot be read or is not one the model takes (-PromptExtendMode, -BoundingBox, -ColorPalette).</summary>
    public const string InvalidOptionValue = "Bailian.InvalidOptionValue";
    /// <summary>-EndpointFamily names an endpoint the catalog says the model is not served on.</summary>
    public const string EndpointFamilyMismatch = "Bailian.EndpointFamilyMismatch";
    /// <summary>No image, more or fewer images than the editing model takes, or images given more than one way.</summary>
    public const string InvalidImageCount = "Bailian.InvalidImageCount";
    /// <summary>An input image URL whose signature has expired.</summary>
    public const string ImageUrlExpired = "Bailian.ImageUrlExpired";
    /// <summary>An input image (or a URL to save) that does not exist: no such file, or HTTP 404.</summary>
    public const string ImageNotFound = "Bailian.ImageNotFound";
    /// <summary>An input image that is not a PNG, JPEG, GIF, BMP, WEBP or TIFF file, or one the model does not take.</summary>
    public const string UnsupportedImageFormat = "Bailian.UnsupportedImageFormat";
    /// <summary>An input image larger than the model takes.</summary>
    public const string ImageTooLarge = "Bailian.ImageTooLarge";
    /// <summary>An input image whose width or height is outside the model's limits.</summary>
    public const string InvalidImageDimensions = "Bailian.InvalidImageDimensions";
    /// <summary>A data: URI not of the form data:&lt;mime type&gt;;base64,&lt;data&gt;, or not valid base64.</summary>
    public const string InvalidDataUri = "Bailian.InvalidDataUri";
    /// <summary>An edit model that needs -Function was given none.</summary>
    public const string MissingFunction = "Bailian.MissingFunction";
    /// <summary>-Function names no function of the model.</summary>
    public const string InvalidFunction = "Bailian.InvalidFunction";
    /// <summary>The edit function needs -Mask and none was given.</summary>
    public const string MissingMask = "Bailian.MissingMask";
    /// <summary>-Mask matches no file or more than one.</summary>
    public const string InvalidMask = "Bailian.InvalidMask";
    /// <summary>The mask is not the size of the base image.</summary>
    public const string MaskSizeMismatch = "Bailian.MaskSizeMismatch";

    // Input rows (CSV and piped objects).

    /// <summary>An input row has no Prompt column.</summary>
    public const string MissingPrompt = "Bailian.MissingPrompt";
    /// <summary>A cell that should be a number is not one.</summary>
    public const string InvalidNumber = "Bailian.InvalidNumber";
    /// <summary>A cell that should be true or false is not one.</summary>
    public const string InvalidBoolean = "Bailian.InvalidBoolean";
    /// <summary>A piped object the command does not take (a file to New-BailianImage, say).</summary>
    public const string UnsupportedInput = "Bailian.UnsupportedInput";

    // Uploads of local files to DashScope's temporary storage.

    /// <summary>Local files must be uploaded (too large to send inline) and the region has no temporary storage.</summary>
    public const string UploadUnavailable = "Bailian.UploadUnavailable";
    /// <summary>Uploading a file to the temporary storage failed.</summary>
    public const string UploadFailed = "Bailian.UploadFailed";
    /// <summary>DashScope's upload policy names an upload host that is not https.</summary>
    public const string InsecureUploadHost = "Bailian.InsecureUploadHost";

    // Tasks.

    /// <summary>A task finished FAILED.</summary>
    public const string TaskFailed = "Bailian.TaskFailed";
    /// <summary>A task was canceled.</summary>
    public const string TaskCanceled = "Bailian.TaskCanceled";
    /// <summary>A task id DashScope does not know (wrong region, or older than 24 hours).</summary>
    public const string TaskUnknown = "Bailian.TaskUnknown";
    /// <summary>A task was still not finished when -TimeoutSec ran out (it goes on running on DashScope).</summary>
    public const string WaitTimeout = "Bailian.WaitTimeout";
    /// <summary>Stop-BailianTask on a task that is no longer PENDING (DashScope cancels only those).</summary>
    public const string CannotCancel = "Bailian.CannotCancel";
    /// <summary>-After is later than -Before.</summary>
    public const string InvalidTimeRange = "Bailian.InvalidTimeRange";

    // Saving images.

    /// <summary>The file to write exists and -Force was not given.</summary>
    public const string FileExists = "Bailian.FileExists";
    /// <summary>-FileName gave two images of one run the same name.</summary>
    public const string FileNameCollision = "Bailian.FileNameCollision";
    /// <summary>-FileName has unknown tokens or leaves the -Path folder.</summary>
    public const string InvalidFileName = "Bailian.InvalidFileName";
    /// <summary>-Path is a file, not a folder.</summary>
    public const string PathNotFolder = "Bailian.PathNotFolder";
    /// <summary>-Path is a folder Bailian cannot create files in.</summary>
    public const string PathNotWritable = "Bailian.PathNotWritable";
    /// <summary>Writing the image (or its sidecar) failed: disk full, say.</summary>
    public const string WriteFailed = "Bailian.WriteFailed";
    /// <summary>Downloading an image failed (HTTP error or network).</summary>
    public const string DownloadFailed = "Bailian.DownloadFailed";
    /// <summary>The URL to save is not an http(s) URL.</summary>
    public const string InvalidUrl = "Bailian.InvalidUrl";
    /// <summary>The downloaded data is not a PNG, JPEG or WEBP image.</summary>
    public const string NotAnImage = "Bailian.NotAnImage";
    /// <summary>The image URL has expired (DashScope keeps images for 24 hours).</summary>
    public const string UrlExpired = "Bailian.UrlExpired";
    /// <summary>Save-BailianImage got nothing to save.</summary>
    public const string NothingToSave = "Bailian.NothingToSave";

    // Batches.

    /// <summary>A row not sent because the batch stopped at an earlier error.</summary>
    public const string NotSent = "Bailian.NotSent";
    /// <summary>The resume journal in -ResumeFrom cannot be written.</summary>
    public const string JournalFailed = "Bailian.JournalFailed";

    // The Python tool's files (seed 000): prompt.txt and config.json.

    /// <summary>Import-BailianPrompt cannot read a prompt file: not UTF-8, no prompt, or a line the format does not have (the message names file and line).</summary>
    public const string PromptFileInvalid = "Bailian.PromptFileInvalid";
    /// <summary>Connect-Bailian -ConfigFile: the file is missing, not JSON, or has no usable DASHSCOPE_API_KEY or MODEL.</summary>
    public const string ConfigFileInvalid = "Bailian.ConfigFileInvalid";
}
