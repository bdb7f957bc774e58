using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Bailian.Catalog;

namespace Bailian.Completers;

/// <summary>Completes -Function with wanx2.1-imageedit's functions.</summary>
public sealed class FunctionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ModelCatalog.Default.Models.SelectMany(m => m.Functions).Select(f => f.Name).Distinct()
            .Where(name => name.StartsWith(Completion.Unquote(wordToComplete), StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
}
