using System.Management.Automation;

namespace Bailian.Commands;

/// <summary>Turns Bailian's exceptions into ErrorRecords with their stable ids and real categories.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(BailianException error, object? target, int? rowNumber = null)
    {
        // BailianErrorCategory's names are PowerShell's ErrorCategory names.
        var category = Enum.TryParse<ErrorCategory>(error.Category.ToString(), out var parsed) ? parsed : ErrorCategory.NotSpecified;
        var record = new ErrorRecord(error, error.ErrorId, category, target);
        if (rowNumber is { } row)
        {
            // So a failed row of a CSV batch can be found again; a row read from a prompt file by its file and line.
            var where = (target as PSObject)?.BaseObject is PromptFileRow fromFile ? $"{fromFile} (row {row})" : $"Row {row}";
            record.ErrorDetails = new ErrorDetails($"{where}: {error.Message}");
        }

        return record;
    }
}
