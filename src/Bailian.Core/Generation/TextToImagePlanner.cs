using Bailian.Catalog;

namespace Bailian.Generation;

/// <summary>
/// Checks a text-to-image request against the model catalog and builds its body. Everything it
/// rejects is rejected before any request is sent, so nothing is billed for a mistake.
/// </summary>
public static class TextToImagePlanner
{
    public static PreparedGeneration Prepare(TextToImageRequest request, ModelCatalog catalog)
    {
        var modelName = string.IsNullOrWhiteSpace(request.Model) ? TextToImageRequest.DefaultModel : request.Model.Trim();
        var warnings = new List<string>();
        catalog.TryGet(modelName, out var model);
        var protocol = RequestChecks.ChooseProtocol(request, model, modelName, catalog, warnings);
        // wan2.6-image edits, but in interleaved mode it also draws from text alone.
        if (model is not null && ModelOptionChecks.ImageRange(request, model) is { Min: > 0 })
        {
            throw new BailianValidationException(ErrorIds.NeedsInputImage,
                $"{model.Name} edits images and needs at least {model.MinImages}: use Edit-BailianImage -Image ... -Model {model.Name}" +
                (model.Options.Interleave is null ? "." : ", or add -Interleave for interleaved text and images from the prompt alone."));
        }

        RequestChecks.CheckCommon(request, model, modelName);
        var options = ModelOptionChecks.Check(request, model, modelName, protocol, []);
        var (size, named) = RequestChecks.ParseSize(request.Size, model, modelName);
        var count = RequestChecks.CheckCount(request.Count, model, modelName, ModelOptionChecks.CountRange(request, model));
        return new PreparedGeneration(request, model, model?.Name ?? modelName, protocol, count, size, warnings)
        {
            NamedSize = named,
            Options = options,
        };
    }
}
