using Bailian.Download;

namespace Bailian.Tests.Download;

public class ImageFormatTests
{
    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 }, ".png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0 }, ".jpg")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, ".webp")]
    [InlineData(new byte[] { (byte)'<', (byte)'?', (byte)'x', (byte)'m', (byte)'l', 0, 0, 0, 0, 0, 0, 0 }, null)]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'A', (byte)'V', (byte)'E' }, null)]
    public void Detects_by_signature(byte[] head, string? extension) => Assert.Equal(extension, ImageFormat.Detect(head, head.Length));

    [Fact]
    public void Too_few_bytes_is_not_an_image() => Assert.Null(ImageFormat.Detect([0x89, 0x50, 0x4E], 3));
}
