namespace Bailian.Tests.Catalog;

public class ImageSizeTests
{
    [Theory]
    [InlineData("1328*1328", 1328, 1328)]
    [InlineData("1328x1328", 1328, 1328)]
    [InlineData("1328X1328", 1328, 1328)]
    [InlineData("1328×1328", 1328, 1328)]
    [InlineData(" 1664 * 928 ", 1664, 928)]
    public void Parses_the_three_ways_people_write_a_size(string text, int width, int height)
    {
        Assert.True(ImageSize.TryParse(text, out var size));
        Assert.Equal((width, height), (size.Width, size.Height));
        Assert.Equal($"{width}*{height}", size.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1328")]
    [InlineData("1328*")]
    [InlineData("0*100")]
    [InlineData("-5*100")]
    [InlineData("1.5*100")]
    [InlineData("1024*1024*2")]
    [InlineData("big")]
    public void Rejects_what_is_not_a_size(string text) => Assert.False(ImageSize.TryParse(text, out _));
}
