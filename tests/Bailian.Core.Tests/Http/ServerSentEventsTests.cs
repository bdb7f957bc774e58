using System.Linq;
using System.Net;
using System.Text.Json;
using Bailian.Http;
using Bailian.Json;

namespace Bailian.Tests.Http;

/// <summary>Reading a streamed answer (API doc §2.4) into one response: content in order, the last usage, errors inside the stream.</summary>
public class ServerSentEventsTests
{
    private const string TwoEvents =
        "id:1\nevent:result\n:HTTP_STATUS/200\ndata:{\"output\":{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Fold \"}]}}],\"finished\":false},\"request_id\":\"r1\"}\n\n" +
        "id:2\r\nevent:result\r\n:HTTP_STATUS/200\r\ndata: {\"output\":{\"choices\":[{\"message\":{\"content\":[{\"type\":\"image\",\"image\":\"https://x/1.png\"}]}}],\"finished\":true},\"usage\":{\"size\":\"1024*1024\"},\"request_id\":\"r1\"}\r\n\r\n";

    [Fact]
    public void Joins_the_content_of_every_event_in_order_and_keeps_the_last_usage()
    {
        var response = ServerSentEvents.Read(TwoEvents);

        var content = response.Output!.Choices!.Single().Message!.Content!;
        Assert.Equal(["Fold ", null], content.Select(c => c.Text));
        Assert.Equal([null, "https://x/1.png"], content.Select(c => c.Image));
        Assert.Equal(("r1", "1024*1024", true), (response.RequestId, response.Usage!.Size, response.Output.Finished));
    }

    [Fact]
    public void An_error_event_inside_the_stream_is_DashScope_s_error()
    {
        var text = TwoEvents[..TwoEvents.IndexOf("id:2", System.StringComparison.Ordinal)] +
                   "id:2\nevent:error\n:HTTP_STATUS/400\ndata:{\"code\":\"DataInspectionFailed\",\"message\":\"Output data may contain inappropriate content.\",\"request_id\":\"r1\"}\n\n";

        var error = Assert.Throws<DashScopeException>(() => ServerSentEvents.Read(text));

        Assert.Equal((HttpStatusCode.BadRequest, "DataInspectionFailed"), (error.StatusCode, error.Code));
        Assert.Equal("Bailian.ContentFiltered", error.ErrorId);
    }

    [Fact]
    public void Data_that_is_not_JSON_is_unreadable() =>
        Assert.ThrowsAny<JsonException>(() => ServerSentEvents.Read("id:1\ndata:{not json\n\n"));
}
