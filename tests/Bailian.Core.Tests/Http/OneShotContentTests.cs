using System;
using System.IO;
using System.Threading.Tasks;
using Bailian.Http;

namespace Bailian.Tests.Http;

public class OneShotContentTests
{
    [Fact]
    public async Task Knows_it_was_sent_and_refuses_a_second_send()
    {
        using var content = new OneShotContent(RequestBody.WithFiles("{}"u8.ToArray(), new System.Collections.Generic.Dictionary<string, (string Path, string MimeType)>()));
        Assert.False(content.WriteStarted);

        using var first = new MemoryStream();
        await content.CopyToAsync(first);
        Assert.True(content.WriteStarted);
        Assert.Equal("{}"u8.ToArray(), first.ToArray());

        using var second = new MemoryStream();
        await Assert.ThrowsAsync<InvalidOperationException>(() => content.CopyToAsync(second));
        Assert.Equal(0, second.Length);
    }
}
