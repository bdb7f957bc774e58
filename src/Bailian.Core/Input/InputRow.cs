namespace Bailian.Input;

/// <summary>
/// The pipeline object a row came from (a CSV row, a custom object or a plain string), reduced to its
/// columns. It tells which columns the cmdlet bound to parameters and which to carry along, and it
/// catches the binder's fallback of turning a whole row into a prompt string when it has no Prompt column.
/// </summary>
public sealed class InputRow
{
    private readonly IReadOnlyDictionary<string, object?> _columns;

    public InputRow(IEnumerable<KeyValuePair<string, object?>>? columns, bool isText)
    {
        var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in columns ?? [])
        {
            map[pair.Key] = pair.Value;
        }

        _columns = map;
        IsText = isText;
    }

    /// <summary>True when the pipeline object was a plain string (the prompt itself).</summary>
    public bool IsText { get; }

    /// <summary>1-based position in the input, for error messages ("row 3").</summary>
    public int? Number { get; init; }

    public bool HasAny(IEnumerable<string> names) => names.Any(_columns.ContainsKey);

    /// <summary>The columns that no parameter consumed, to be carried onto the results.</summary>
    public IEnumerable<KeyValuePair<string, object?>> OtherColumns(IEnumerable<string> boundNames)
    {
        var bound = new HashSet<string>(boundNames, StringComparer.OrdinalIgnoreCase);
        return _columns.Where(column => !bound.Contains(column.Key));
    }

    /// <summary>
    /// A row object without a Prompt column still gets a prompt from PowerShell: the row converted to
    /// text ("@{name=...}"). Sending that would bill a nonsense image, so it is an error instead.
    /// </summary>
    public void RequirePromptColumn(IEnumerable<string> promptNames)
    {
        if (!IsText && _columns.Count > 0 && !HasAny(promptNames))
        {
            throw new BailianValidationException(ErrorIds.MissingPrompt,
                $"Input{(Number is { } n ? $" row {n}" : "")} has no Prompt column (columns: {string.Join(", ", _columns.Keys)}). " +
                "Name the column 'prompt', or pass -Prompt.");
        }
    }
}
