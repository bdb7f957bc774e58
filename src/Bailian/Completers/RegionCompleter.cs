using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Bailian.Catalog;

namespace Bailian.Completers;

/// <summary>Completes -Region with region ids.</summary>
public sealed class RegionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Connection.DashScopeRegion.All
            .Where(r => r.Id.StartsWith(Completion.Unquote(wordToComplete), StringComparison.OrdinalIgnoreCase)
                        || r.DisplayName.StartsWith(Completion.Unquote(wordToComplete), StringComparison.OrdinalIgnoreCase))
            .Select(r => new CompletionResult(r.Id, r.Id, CompletionResultType.ParameterValue, $"{r.DisplayName} ({r.Id})"));
}
