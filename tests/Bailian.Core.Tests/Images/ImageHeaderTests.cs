using System.IO;
using Bailian.Images;
using Bailian.Tests.Support;

namespace Bailian.Tests.Images;

public class ImageHeaderTests
{
    public static TheoryData<string, byte[], ImageFileFormat, int, int> Headers => new()
    {
        { "png", ImageBytes.Png(1664, 928), ImageFileFormat.Png, 1664, 928 },
        { "gif", ImageBytes.Gif(640, 480), ImageFileFormat.Gif, 640, 480 },
        { "bmp", ImageBytes.Bmp(800, 600), ImageFileFormat.Bmp, 800, 600 },
        { "bmp top-down", ImageBytes.Bmp(800, 600, topDown: true), ImageFileFormat.Bmp, 800, 600 },
        { "webp lossy", ImageBytes.WebpLossy(1024, 768), ImageFileFormat.Webp, 1024, 768 },
        { "webp lossless", ImageBytes.WebpLossless(1000, 3000), ImageFileFormat.Webp, 1000, 3000 },
        { "webp extended", ImageBytes.WebpExtended(5000, 200), ImageFileFormat.Webp, 5000, 200 },
        { "jpeg after a large EXIF", ImageBytes.Jpeg(4032, 3024), ImageFileFormat.Jpeg, 4032, 3024 },
        { "tiff little-endian", ImageBytes.Tiff(1200, 900, littleEndian: true), ImageFileFormat.Tiff, 1200, 900 },
        { "tiff big-endian", ImageBytes.Tiff(1200, 900, littleEndian: false), ImageFileFormat.Tiff, 1200, 900 },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Reads_format_and_size_from_the_header(string what, byte[] bytes, ImageFileFormat format, int width, int height)
    {
        Assert.NotEmpty(what);
        Assert.Equal(new ImageHeaderInfo(format, width, height), ImageHeader.Read(new MemoryStream(bytes)));
    }

    [Theory]
    [InlineData("<html><body>login</body></html>")]
    [InlineData("RIFF....WAVEfmt ")]
    [InlineData("short")]
    public void Anything_else_is_not_an_image(string text) =>
        Assert.Null(ImageHeader.Read(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(text))));

    [Fact]
    public void A_jpeg_cut_before_its_frame_is_not_an_image()
    {
        var jpeg = ImageBytes.Jpeg(10, 10);
        Assert.Null(ImageHeader.Read(new MemoryStream(jpeg[..30000])));
    }

    [Fact]
    public void Mime_types_are_the_standard_ones() =>
        Assert.Equal("image/webp", new ImageHeaderInfo(ImageFileFormat.Webp, 1, 1).MimeType);
}
