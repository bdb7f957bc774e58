using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Bailian.Catalog;

namespace Bailian.Completers;

// The argument completers of the cmdlets' parameters ([ArgumentCompleter(typeof(...))]), all reading the model
// catalog or the region list, and the one helper they share.

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

/// <summary>Completes -Function with wanx2.1-imageedit's functions.</summary>
public sealed class FunctionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ModelCatalog.Default.Models.SelectMany(m => m.Functions).Select(f => f.Name).Distinct()
            .Where(name => name.StartsWith(Completion.Unquote(wordToComplete), StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
}

/// <summary>Completes -PromptExtendMode with the modes the catalog's models take (qwen-image-3.0: direct, agent).</summary>
public sealed class PromptExtendModeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ModelCatalog.Default.Models.SelectMany(m => m.PromptExtendModes).Distinct()
            .Where(name => name.StartsWith(Completion.Unquote(wordToComplete), StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
}

/// <summary>What every completer needs.</summary>
internal static class Completion
{
    // A size contains '*', which PowerShell would read as a wildcard without quotes.
    public static string Unquote(string? word) => (word ?? "").Trim('\'', '"');
}
