using System.Globalization;
using Bailian.Catalog;
using Bailian.Images;

namespace Bailian.Generation;

/// <summary>
/// Checks an editing request before anything is sent: the model edits, the images are there, in a
/// format, size and pixel range it takes, the mask matches, and each option belongs to the model (and,
/// for wanx2.1-imageedit, to the chosen function). Each problem is its own error naming what is wrong.
/// </summary>
public static class EditPlanner
{
    /// <summary>Local files larger than this in all go through DashScope's temporary storage, not inline.</summary>
    public const long InlineLimitBytes = 10L * 1024 * 1024;

    private const string MisspeltRemoveWatermark = "remove_watermaker";

    /// <param name="clock">What "now" is when judging whether an input URL's signature has expired (the system clock if null).</param>
    public static PreparedGeneration Prepare(EditRequest request, ModelCatalog catalog, TimeProvider? clock = null)
    {
        var modelName = string.IsNullOrWhiteSpace(request.Model) ? EditRequest.DefaultModel : request.Model.Trim();
        catalog.TryGet(modelName, out var model);
        var warnings = new List<string>();
        var protocol = RequestChecks.ChooseProtocol(request, model, modelName, catalog, warnings);
        if (model is { CanEdit: false })
        {
            throw new BailianValidationException(ErrorIds.CannotEdit,
                $"{model.Name} makes images from text only. Editing models: {string.Join(", ", catalog.Models.Where(m => m.CanEdit && m.SnapshotOf is null))}.");
        }

        RequestChecks.CheckCommon(request, model, modelName);
        CheckImages(request, model, modelName, (clock ?? TimeProvider.System).GetUtcNow());
        CheckFunction(request, model, modelName);
        var options = ModelOptionChecks.Check(request, model, modelName, protocol,
            request.Images.Select(i => i.Header is { } h ? (h.Width, h.Height) : ((int, int)?)null).ToList());
        var (size, named) = RequestChecks.ParseSize(request.Size, model, modelName, request.Images.Count);
        var count = RequestChecks.CheckCount(request.Count, model, modelName, ModelOptionChecks.CountRange(request, model));
        var localBytes = request.Images.Concat(request.Mask is null ? [] : [request.Mask])
            .Where(i => i.Kind == ImageSourceKind.LocalFile).Sum(i => i.Length ?? 0);
        var uploads = localBytes > 0 && (request.Upload || localBytes > InlineLimitBytes);
        return new PreparedGeneration(request, model, model?.Name ?? modelName, protocol, count, size, warnings, uploads)
        {
            NamedSize = named,
            Options = options,
        };
    }

    private static void CheckImages(EditRequest request, ModelInfo? model, string modelName, DateTimeOffset now)
    {
        if (model is not null && ModelOptionChecks.ImageRange(request, model) is { } allowed
            && (request.Images.Count < Math.Max(1, allowed.Min) || request.Images.Count > allowed.Max))
        {
            var range = allowed.Max == 1 ? "exactly 1 image" : $"1 to {allowed.Max} images";
            throw new BailianValidationException(ErrorIds.InvalidImageCount,
                $"{modelName} takes {range}; {request.Images.Count} {(request.Images.Count == 1 ? "was" : "were")} given.");
        }

        if (request.Images.Count == 0)
        {
            throw new BailianValidationException(ErrorIds.InvalidImageCount, "No image to edit: give -Image (or pipe files or results).");
        }

        foreach (var image in request.Images.Concat(request.Mask is null ? [] : [request.Mask]))
        {
            CheckNotExpired(image, now);
            ImageInspector.Inspect(image);
            if (model is not null && image.Header is { } header)
            {
                CheckImage(image, header, model);
            }
        }
    }

    // DashScope fetches URL inputs itself; past its signature's Expires (our own results after 24 hours) the
    // fetch fails and the call comes back as a vague 400. The time is in the URL, so say it before sending.
    private static void CheckNotExpired(ImageSource image, DateTimeOffset now)
    {
        if (image.Kind == ImageSourceKind.Url && SignedUrl.ExpiresAt(image.Value) is { } expiresAt && expiresAt <= now
            && Uri.TryCreate(image.Value, UriKind.Absolute, out var uri))
        {
            throw new BailianValidationException(ErrorIds.ImageUrlExpired,
                $"Image '{uri.GetLeftPart(UriPartial.Path)}' expired at {expiresAt.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz} (its signature says so), " +
                "so DashScope cannot fetch it; nothing was sent. Result URLs last 24 hours: save images with Save-BailianImage " +
                "and edit the saved file, or give a URL that is still valid.");
        }
    }

    private static void CheckImage(ImageSource image, ImageHeaderInfo header, ModelInfo model)
    {
        if (model.ImageFormats.Count > 0 && !model.ImageFormats.Contains(header.Format))
        {
            throw new BailianValidationException(ErrorIds.UnsupportedImageFormat,
                $"Image '{image}' is {header.Format.ToString().ToUpperInvariant()}; {model.Name} takes {string.Join(", ", model.ImageFormats.Select(f => f.ToString().ToUpperInvariant()))}.");
        }

        if (model.MaxImageBytes is { } limit && image.Length > limit)
        {
            throw new BailianValidationException(ErrorIds.ImageTooLarge,
                $"Image '{image}' is {Megabytes(image.Length!.Value)}; {model.Name} takes at most {Megabytes(limit)} per image.");
        }

        if ((model.MinImageSide is { } min && Math.Min(header.Width, header.Height) < min)
            || (model.MaxImageSide is { } max && Math.Max(header.Width, header.Height) > max))
        {
            throw new BailianValidationException(ErrorIds.InvalidImageDimensions,
                $"Image '{image}' is {header.Width}x{header.Height} px; {model.Name} takes {model.MinImageSide} to {model.MaxImageSide} px per side.");
        }

        var ratio = (double)header.Width / header.Height;
        if (model.ImageRatio is { } bounds && (ratio < bounds.Min - 1e-9 || ratio > bounds.Max + 1e-9))
        {
            throw new BailianValidationException(ErrorIds.InvalidImageDimensions, string.Format(CultureInfo.InvariantCulture,
                "Image '{0}' is {1}x{2} px, an aspect ratio of {3:0.##}; {4} takes 1:{5:0.##} to {6:0.##}:1.",
                image, header.Width, header.Height, ratio, model.Name, 1 / bounds.Min, bounds.Max));
        }
    }

    private static void CheckFunction(EditRequest request, ModelInfo? model, string modelName)
    {
        var given = GivenFunctionParameters(request);
        if (model is null)
        {
            return;
        }

        if (model.Functions.Count == 0)
        {
            var stray = request.Function is not null ? "Function" : request.Mask is not null ? "Mask" : given.Keys.FirstOrDefault();
            if (stray is not null)
            {
                throw new BailianValidationException(ErrorIds.ParameterNotApplicable,
                    $"-{stray} does not apply to {modelName}; it is an option of wanx2.1-imageedit. Leave it out, or use -Model wanx2.1-imageedit.");
            }

            return;
        }

        var name = request.Function?.Trim();
        if (string.Equals(name, MisspeltRemoveWatermark, StringComparison.OrdinalIgnoreCase))
        {
            // The SDKs spell it so (API doc §13.5); the current official docs do not. Send the official spelling.
            name = "remove_watermark";
        }

        var function = model.Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new BailianValidationException(name is null ? ErrorIds.MissingFunction : ErrorIds.InvalidFunction,
                (name is null ? $"{modelName} needs -Function" : $"'{name}' is not a function of {modelName}") +
                $": one of {string.Join(", ", model.Functions.Select(f => f.Name))}.");
        request.Function = function.Name;
        foreach (var parameter in given.Where(p => !function.Parameters.Contains(p.Value)))
        {
            var takes = function.Parameters.Count == 0 ? "it takes none of these options" : "it takes " + string.Join(", ", function.Parameters.Select(ParameterName));
            throw new BailianValidationException(ErrorIds.ParameterNotApplicable,
                $"-{parameter.Key} does not apply to the function {function.Name}; {takes}.");
        }

        CheckRanges(request);
        CheckMask(request, function);
    }

    private static void CheckMask(EditRequest request, FunctionEntry function)
    {
        if (function.RequiresMask && request.Mask is null)
        {
            throw new BailianValidationException(ErrorIds.MissingMask,
                $"The function {function.Name} needs -Mask: an image the size of the base image, white where it should change.");
        }

        if (!function.RequiresMask && request.Mask is not null)
        {
            throw new BailianValidationException(ErrorIds.ParameterNotApplicable,
                $"-Mask does not apply to the function {function.Name}; only description_edit_with_mask takes a mask.");
        }

        if (request.Mask?.Header is { } mask && request.Images[0].Header is { } baseImage
            && (mask.Width != baseImage.Width || mask.Height != baseImage.Height))
        {
            throw new BailianValidationException(ErrorIds.MaskSizeMismatch,
                $"Mask '{request.Mask}' is {mask.Width}x{mask.Height} px but the base image '{request.Images[0]}' is {baseImage.Width}x{baseImage.Height} px; they must match.");
        }
    }

    private static void CheckRanges(EditRequest request)
    {
        CheckRange("Strength", request.Strength, 0.0, 1.0);
        CheckRange("TopScale", request.TopScale, 1.0, 2.0);
        CheckRange("BottomScale", request.BottomScale, 1.0, 2.0);
        CheckRange("LeftScale", request.LeftScale, 1.0, 2.0);
        CheckRange("RightScale", request.RightScale, 1.0, 2.0);
        CheckRange("UpscaleFactor", request.UpscaleFactor, 1, 4);
    }

    private static void CheckRange(string parameter, double? value, double min, double max)
    {
        if (value is { } given && (given < min || given > max))
        {
            throw new BailianValidationException(ErrorIds.OutOfRange,
                string.Format(CultureInfo.InvariantCulture, "-{0} {1} is out of range: use {2} to {3}.", parameter, given, min, max));
        }
    }

    // The cmdlet parameter name and the DashScope parameter of each function option that was given.
    private static Dictionary<string, string> GivenFunctionParameters(EditRequest request)
    {
        var given = new Dictionary<string, string>();
        void Add(bool present, string parameter, string apiName)
        {
            if (present)
            {
                given[parameter] = apiName;
            }
        }

        Add(request.Strength is not null, "Strength", "strength");
        Add(request.TopScale is not null, "TopScale", "top_scale");
        Add(request.BottomScale is not null, "BottomScale", "bottom_scale");
        Add(request.LeftScale is not null, "LeftScale", "left_scale");
        Add(request.RightScale is not null, "RightScale", "right_scale");
        Add(request.UpscaleFactor is not null, "UpscaleFactor", "upscale_factor");
        Add(request.IsSketch is not null, "IsSketch", "is_sketch");
        return given;
    }

    private static string ParameterName(string apiName) =>
        "-" + string.Concat(apiName.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part.Substring(1)));

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
}
