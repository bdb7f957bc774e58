using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Bailian.Catalog;

namespace Bailian.Completers;

/// <summary>Completes -Size with the sizes of the model already typed (or the default model).</summary>
public sealed class SizeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var modelName = fakeBoundParameters?["Model"] as string
            ?? (commandName == "Edit-BailianImage" ? Generation.EditRequest.DefaultModel : Generation.TextToImageRequest.DefaultModel);
        if (!ModelCatalog.Default.TryGet(modelName, out var model))
        {
            return [];
        }

        return model.Sizes
            .Where(size => size.StartsWith(Completion.Unquote(wordToComplete), StringComparison.OrdinalIgnoreCase))
            .Select(size => new CompletionResult($"'{size}'", size, CompletionResultType.ParameterValue,
                size == model.DefaultSize ? $"{size} (default)" : size));
    }
}
