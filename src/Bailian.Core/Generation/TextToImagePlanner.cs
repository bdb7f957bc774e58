using System.Collections.Generic;
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
        var protocol = RequestChecks.ChooseProtocol(request.Async, model, modelName);
        if (model is null)
        {
            warnings.Add($"Model '{modelName}' is not in Bailian's catalog: sending it as given to {protocol.Path()}, " +
                         "without local checks of size, count or prompt length.");
        }

        if (model is { CanGenerateFromText: false })
        {
            throw new BailianValidationException(ErrorIds.NeedsInputImage,
                $"{model.Name} edits images and needs at least {model.MinImages}: use Edit-BailianImage -Image ... -Model {model.Name}.");
        }

        RequestChecks.CheckCommon(request, model, modelName);
        var (size, named) = RequestChecks.ParseSize(request.Size, model, modelName);
        var count = RequestChecks.CheckCount(request.Count, model, modelName);
        return new PreparedGeneration(request, model, model?.Name ?? modelName, protocol, count, size, warnings) { NamedSize = named };
    }
}
