using System;
using Bailian.Input;

namespace Bailian.Tests.Input;

public class ColumnValueTests
{
    [Theory]
    [InlineData("2", 2)]
    [InlineData(" 3 ", 3)]
    [InlineData("+4", 4)]
    [InlineData("-1", -1)]
    public void Reads_plain_whole_numbers(string text, int expected) =>
        Assert.Equal(expected, ColumnValue.Parse(text, typeof(int?), "n"));

    // What PowerShell's binder turns into a number without a word: 2, 15, 2, 1000, 2 and a dropped value.
    [Theory]
    [InlineData("2.5")]
    [InlineData("1,5")]
    [InlineData("0x2")]
    [InlineData("1e3")]
    [InlineData("2.0")]
    [InlineData("abc")]
    [InlineData("99999999999")]
    public void Refuses_whatever_is_not_plainly_a_whole_number(string text)
    {
        var error = Assert.Throws<BailianValidationException>(() => ColumnValue.Parse(text, typeof(int?), "n"));
        Assert.Equal("Bailian.InvalidNumber", error.ErrorId);
        Assert.StartsWith($"n '{text}' is not a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Takes_typed_json_numbers_that_are_whole()
    {
        Assert.Equal(7L, ColumnValue.Parse(7L, typeof(long?), "seed"));
        Assert.Equal(2, ColumnValue.Parse(2.0, typeof(int?), "n"));
        Assert.Throws<BailianValidationException>(() => ColumnValue.Parse(1.5, typeof(int?), "n"));
        Assert.Throws<BailianValidationException>(() => ColumnValue.Parse(double.NaN, typeof(long?), "seed"));
        Assert.Throws<BailianValidationException>(() => ColumnValue.Parse(1e300, typeof(long?), "seed"));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("2", 2.0)]
    public void Reads_decimals_with_a_point(string text, double expected) =>
        Assert.Equal(expected, ColumnValue.Parse(text, typeof(double?), "strength"));

    [Theory]
    [InlineData("1,5")]
    [InlineData("1e-1")]
    [InlineData("half")]
    public void Refuses_other_decimals(string text) =>
        Assert.Equal("Bailian.InvalidNumber", Assert.Throws<BailianValidationException>(() => ColumnValue.Parse(text, typeof(double?), "strength")).ErrorId);

    [Fact]
    public void Reads_booleans_as_BooleanText_does_and_names_the_column_otherwise()
    {
        Assert.Equal(false, ColumnValue.Parse("no", typeof(bool?), "watermark"));
        var error = Assert.Throws<BailianValidationException>(() => ColumnValue.Parse("maybe", typeof(bool?), "watermark"));
        Assert.Equal("Bailian.InvalidBoolean", error.ErrorId);
        Assert.Contains("watermark 'maybe'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_cell_is_not_given(string? text) =>
        Assert.Null(ColumnValue.Parse(text, typeof(int?), "n"));
}
