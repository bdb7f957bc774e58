using System.Collections.Generic;
using System.Linq;
using Bailian.Input;

namespace Bailian.Tests.Input;

public class InputRowTests
{
    private static readonly string[] PromptNames = ["Prompt", "text"];

    private static InputRow Row(params (string Name, object? Value)[] columns) =>
        new(columns.Select(c => new KeyValuePair<string, object?>(c.Name, c.Value)), isText: false) { Number = 3 };

    [Fact]
    public void A_row_without_a_prompt_column_is_an_error_naming_its_columns_and_number()
    {
        var error = Assert.Throws<BailianValidationException>(() => Row(("name", "fox"), ("size", "1328*1328")).RequirePromptColumn(PromptNames));
        Assert.Equal("Bailian.MissingPrompt", error.ErrorId);
        Assert.Contains("row 3", error.Message);
        Assert.Contains("name, size", error.Message);
    }

    [Fact]
    public void A_prompt_column_in_any_case_or_a_plain_string_is_fine()
    {
        Row(("PROMPT", "fox")).RequirePromptColumn(PromptNames);
        new InputRow(null, isText: true).RequirePromptColumn(PromptNames);
    }

    [Fact]
    public void Columns_bound_to_parameters_are_not_carried()
    {
        var carried = Row(("prompt", "fox"), ("negative_prompt", "dogs"), ("project", "zoo"), ("owner", "ann"))
            .OtherColumns(["Prompt", "NegativePrompt", "negative_prompt"]).Select(c => c.Key);
        Assert.Equal(["project", "owner"], carried);
    }
}
