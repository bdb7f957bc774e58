using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary>wan2.6-image's interleaved text and images (API doc §2.4, §5.6): streamed as server-sent events only.</summary>
public sealed class StreamingTests
{
    private static readonly string Square = ImageInputs.DataUri(TestImages.Png(512, 512));

    private static JsonObject Interleaved(int? maxImages = null, int? n = null)
    {
        var parameters = new JsonObject { ["enable_interleave"] = true };
        if (maxImages is not null)
        {
            parameters["max_images"] = maxImages;
        }

        if (n is not null)
        {
            parameters["n"] = n;
        }

        return parameters;
    }

    private static void Streaming(HttpRequestMessage request)
    {
        request.Headers.Add("X-DashScope-SSE", "enable");
        request.Headers.Accept.ParseAdd("text/event-stream");
    }

    // Each event's data line, parsed.
    private static List<JsonObject> Events(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Select(lines =>
            {
                Assert.StartsWith("id:", lines[0], StringComparison.Ordinal);
                Assert.Equal(["event:result", ":HTTP_STATUS/200"], lines[1..3]);
                return JsonNode.Parse(lines[3]["data:".Length..])!.AsObject();
            })
            .ToList();

    private static List<JsonNode> Content(JsonObject e) => [.. e["output"]!["choices"]![0]!["message"]!["content"]!.AsArray().Select(c => c!)];

    [Fact]
    public async Task Interleaved_output_streams_text_pieces_then_each_image()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation("wan2.6-image", "a recipe", Interleaved(maxImages: 2)).ToJsonString(),
            configure: Streaming);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = Events(await response.Content.ReadAsStringAsync());
        Assert.Equal(6, events.Count); // per image: two text pieces, then the image
        var items = events.SelectMany(Content).ToList();
        Assert.Equal(["text", "text", "image", "text", "text", "image"], items.Select(i => i["type"]!.GetValue<string>()));
        Assert.Equal("Step 1: a recipe. ", string.Concat(items.Take(2).Select(i => i["text"]!.GetValue<string>())));
        Assert.All(events[..^1], e => Assert.False(e["output"]!["finished"]!.GetValue<bool>()));
        Assert.True(events[^1]["output"]!["finished"]!.GetValue<bool>());
        Assert.Equal("stop", events[^1]["output"]!["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(2, events[^1]["usage"]!["image_count"]!.GetValue<int>());
        var url = new Uri(items[5]["image"]!.GetValue<string>());
        Assert.NotEmpty(await emulator.DownloadAsync(url));
    }

    [Fact]
    public async Task Interleaved_output_makes_five_images_when_max_images_is_absent_and_takes_one_input()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation("wan2.6-image", parameters: Interleaved(), images: Square).ToJsonString(),
            configure: Streaming);

        var events = Events(await response.Content.ReadAsStringAsync());
        Assert.Equal(5, events.SelectMany(Content).Count(i => i["type"]!.GetValue<string>() == "image"));
    }

    [Fact]
    public async Task Interleaved_mode_needs_the_stream_n_1_max_images_1_to_5_and_at_most_one_input()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        async Task AssertInvalid(JsonObject body, string message, Action<HttpRequestMessage>? configure = null)
        {
            using var response = await emulator.GenerateAsync(body.ToJsonString(), configure: configure ?? Streaming);
            var error = await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter");
            Assert.Contains(message, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        await AssertInvalid(Bodies.Generation("wan2.6-image", parameters: Interleaved()), "requires streaming output", configure: _ => { });
        await AssertInvalid(Bodies.Generation("wan2.6-image", parameters: Interleaved(n: 2)), "n must be 1 when enable_interleave");
        await AssertInvalid(Bodies.Generation("wan2.6-image", parameters: Interleaved(maxImages: 6)), "max_images must be an integer between 1 and 5");
        await AssertInvalid(Bodies.Generation("wan2.6-image", parameters: Interleaved(), images: [Square, Square]), "takes 0 to 1 input images");
        await AssertInvalid(Bodies.Generation("wan2.6-image", parameters: new JsonObject { ["max_images"] = 2 }, images: Square), "only supported when enable_interleave");
        await AssertInvalid(Bodies.Generation("wan2.6-t2i", parameters: Interleaved()), "enable_interleave is not supported by the model wan2.6-t2i");
    }

    [Fact]
    public async Task Interleaved_mode_is_refused_as_a_task()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.CreateAsync(TaskCalls.AsyncGenerationPath, Bodies.Generation("wan2.6-image", parameters: Interleaved()));

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter",
            "The parameter enable_interleave is only supported by streaming calls to the synchronous endpoint.");
    }

    [Fact]
    public async Task A_streamed_plain_edit_comes_as_one_final_event()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation("wan2.6-image", parameters: new JsonObject { ["n"] = 2 }, images: Square).ToJsonString(),
            configure: Streaming);

        var e = Assert.Single(Events(await response.Content.ReadAsStringAsync()));
        Assert.Equal(2, Content(e).Count);
        Assert.True(e["output"]!["finished"]!.GetValue<bool>());
    }
}
