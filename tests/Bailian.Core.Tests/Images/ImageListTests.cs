using Bailian.Images;

namespace Bailian.Tests.Images;

public class ImageListTests
{
    [Theory]
    [InlineData("a.png", new[] { "a.png" })]
    [InlineData("a.png;b.png", new[] { "a.png", "b.png" })]
    [InlineData(" a.png | https://x/b.png?Expires=1 ", new[] { "a.png", "https://x/b.png?Expires=1" })]
    [InlineData("data:image/png;base64,iVBORw0K;b.png", new[] { "data:image/png;base64,iVBORw0K", "b.png" })]
    [InlineData("a.png;;", new[] { "a.png" })]
    public void Splits_a_CSV_cell_into_images_keeping_data_URIs_whole(string cell, string[] images) =>
        Assert.Equal(images, ImageList.Split(cell));

    [Theory]
    [InlineData("data:image/png;base64,AAAA", ImageSourceKind.DataUri)]
    [InlineData("oss://dashscope-instant/x/a.png", ImageSourceKind.OssUri)]
    [InlineData("https://example.com/a.png", ImageSourceKind.Url)]
    [InlineData("HTTP://example.com/a.png", ImageSourceKind.Url)]
    [InlineData("/home/ann/a.png", ImageSourceKind.LocalFile)]
    [InlineData(@"C:\photos\a.png", ImageSourceKind.LocalFile)]
    public void Sources_are_told_apart_by_scheme(string text, ImageSourceKind kind) => Assert.Equal(kind, ImageSource.Classify(text).Kind);
}
