using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Bailian.Catalog;

namespace Bailian.Completers;

/// <summary>Completes -Model from the catalog: editing models for Edit-BailianImage, text-to-image ones for New-BailianImage.</summary>
public sealed class ModelNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ModelCatalog.Default.Models
            .Where(m => commandName switch
            {
                "Edit-BailianImage" => m.CanEdit,
                "New-BailianImage" => m.CanGenerateFromText,
                _ => true,
            })
            .Where(m => m.Name.StartsWith(Completion.Unquote(wordToComplete), StringComparison.OrdinalIgnoreCase))
            .Select(m => new CompletionResult(m.Name, m.Name, CompletionResultType.ParameterValue, m.Description));
}
