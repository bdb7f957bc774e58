using System;
using Bailian.Generation;

namespace Bailian.Tests.Generation;

public class SignedUrlTests
{
    [Fact]
    public void Reads_OSS_v1_Expires()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600),
            SignedUrl.ExpiresAt("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png?Expires=1767225600&OSSAccessKeyId=LTAI&Signature=x%2By"));
    }

    [Fact]
    public void Reads_OSS_v4_date_plus_lifetime()
    {
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddSeconds(86400),
            SignedUrl.ExpiresAt("https://b.oss-cn-beijing.aliyuncs.com/a.png?x-oss-date=20260102T030405Z&x-oss-expires=86400&x-oss-signature=abc"));
    }

    [Theory]
    [InlineData("https://example.com/a.png")]
    [InlineData("https://example.com/a.png?Expires=soon")]
    [InlineData("not a url")]
    public void Unknown_when_the_URL_does_not_say(string url) => Assert.Null(SignedUrl.ExpiresAt(url));
}
