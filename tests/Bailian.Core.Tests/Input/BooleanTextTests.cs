using Bailian.Input;

namespace Bailian.Tests.Input;

public class BooleanTextTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("yes", true)]
    [InlineData("NO", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData(" on ", true)]
    [InlineData("off", false)]
    [InlineData("$false", false)]
    public void Reads_the_booleans_CSV_files_hold(string text, bool expected)
    {
        Assert.True(BooleanText.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("2")]
    [InlineData("")]
    public void Refuses_anything_else(string text) => Assert.False(BooleanText.TryParse(text, out _));

    [Fact]
    public void Numbers_and_bools_pass_through()
    {
        Assert.True(BooleanText.TryParse(1, out var one) && one);
        Assert.True(BooleanText.TryParse(false, out var no) && !no);
        Assert.False(BooleanText.TryParse(7, out _));
    }
}
