using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Catalog;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Images;
using Bailian.Tasks;
using Bailian.Tests.Support;

namespace Bailian.Tests.Generation;

/// <summary>
/// qwen-image-3.0, wan2.7 and wan2.6-image interleaved, end to end against the emulator: what goes on the wire for
/// each option, and what the catalog refuses before sending (API doc §2, §2.4, §3.3, §5.4, §5.6, §5.7).
/// </summary>
public sealed class NewestModelsTests : InstantClockEmulatorTests
{
    private readonly TempFolder _files = new();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _files.Dispose();
        }

        base.Dispose(disposing);
    }

    private ImageSource Png(string name, int width = 512, int height = 512) => ImageSource.Classify(_files.Write(name, TestImages.Png(width, height)));

    private async Task<Generated> Run(PreparedGeneration prepared) =>
        await Clients.For(Transport, Clock).GenerateAsync(prepared, Connect("cn-beijing"), Options, Log, CancellationToken.None);

    private Task<Generated> Generate(TextToImageRequest request) => Run(TextToImagePlanner.Prepare(request, ModelCatalog.Default));

    private Task<Generated> Edit(EditRequest request) => Run(EditPlanner.Prepare(request, ModelCatalog.Default));

    private List<RecordedRequest> Posts => Emulator.Control.Requests.Where(r => r.Kind == "api" && r.Method == "POST").ToList();

    private JsonObject SentParameters() => JsonNode.Parse(Assert.Single(Posts).Body)!["parameters"]!.AsObject();

    private static string Refused(Func<PreparedGeneration> prepare) => Assert.Throws<BailianValidationException>(prepare).ErrorId;

    private static PreparedGeneration PrepareText(TextToImageRequest request) => TextToImagePlanner.Prepare(request, ModelCatalog.Default);

    private static PreparedGeneration PrepareEdit(EditRequest request) => EditPlanner.Prepare(request, ModelCatalog.Default);

    [Theory]
    [InlineData("qwen-image-3.0", "agent")]
    [InlineData("qwen-image-3.0-pro", "direct")]
    public async Task Qwen_image_3_sends_prompt_extend_mode_and_reads_the_size_from_usage(string model, string mode)
    {
        var outcome = await Generate(new TextToImageRequest { Prompt = "a tea house", Model = model, PromptExtendMode = mode.ToUpperInvariant(), Count = 6 });

        Assert.Equal(6, outcome.Images.Count);
        Assert.All(outcome.Images, i => Assert.Equal("2048*2048", i.Size));
        Assert.Equal($$"""{"n":6,"prompt_extend_mode":"{{mode}}"}""", SentParameters().ToJsonString());
        Assert.EndsWith("/multimodal-generation/generation", Assert.Single(Posts).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Qwen_image_3_with_Async_is_a_task_on_image_generation()
    {
        var outcome = await Generate(new TextToImageRequest { Prompt = "a tea house", Model = "qwen-image-3.0", Async = true, Size = "1024*1024" });

        Assert.Equal("1024*1024", Assert.Single(outcome.Images).Size);
        Assert.EndsWith("/image-generation/generation", Posts[0].Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Qwen_image_3_edits_up_to_three_images_in_direct_mode()
    {
        var outcome = await Edit(new EditRequest
        {
            Prompt = "image 1 in the style of image 2", Model = "qwen-image-3.0", PromptExtendMode = "direct", Images = [Png("a.png"), Png("b.png"), Png("c.png")],
        });

        Assert.Single(outcome.Images);
        Assert.Equal("direct", SentParameters()["prompt_extend_mode"]!.GetValue<string>());
    }

    [Fact]
    public void Qwen_image_3_refuses_agent_with_images_an_unknown_mode_four_images_seven_outputs_and_a_size_past_2048_squared()
    {
        Assert.Equal("Bailian.ParameterNotApplicable", Refused(() => PrepareEdit(new EditRequest
        {
            Prompt = "p", Model = "qwen-image-3.0", PromptExtendMode = "agent", Images = [Png("a.png")],
        })));
        Assert.Equal("Bailian.InvalidOptionValue", Refused(() => PrepareText(new TextToImageRequest { Prompt = "p", Model = "qwen-image-3.0", PromptExtendMode = "smart" })));
        Assert.Equal("Bailian.InvalidImageCount", Refused(() => PrepareEdit(new EditRequest
        {
            Prompt = "p", Model = "qwen-image-3.0-pro", Images = [Png("a.png"), Png("b.png"), Png("c.png"), Png("d.png")],
        })));
        Assert.Equal("Bailian.InvalidCount", Refused(() => PrepareText(new TextToImageRequest { Prompt = "p", Model = "qwen-image-3.0", Count = 7 })));
        Assert.Equal("Bailian.InvalidSize", Refused(() => PrepareText(new TextToImageRequest { Prompt = "p", Model = "qwen-image-3.0", Size = "2048*2049" })));
        Assert.Equal("Bailian.InvalidSize", Refused(() => PrepareText(new TextToImageRequest { Prompt = "p", Model = "qwen-image-3.0", Size = "511*512" })));
        Assert.Equal("Bailian.ParameterNotApplicable", Refused(() => PrepareText(new TextToImageRequest { Prompt = "p", Model = "qwen-image-2.0", PromptExtendMode = "direct" })));
        Assert.Empty(Posts);
    }

    [Fact]
    public async Task Wan27_pro_makes_4K_from_text_with_thinking_and_a_palette()
    {
        var outcome = await Generate(new TextToImageRequest
        {
            Prompt = "a flower shop", Model = "wan2.7-image-pro", Size = "4k", ThinkingMode = true, Seed = 7,
            ColorPalette = "#c2d1e6:0.25, #636574:0.5, #FFFFFF:0.25",
        });

        Assert.Equal("4096*4096", Assert.Single(outcome.Images).Size);
        Assert.Equal("""{"size":"4K","n":1,"seed":7,"thinking_mode":true,"color_palette":[{"hex":"#C2D1E6","ratio":0.25},{"hex":"#636574","ratio":0.5},{"hex":"#FFFFFF","ratio":0.25}]}""",
            SentParameters().ToJsonString());
    }

    [Fact]
    public async Task Wan27_makes_an_image_group_of_up_to_twelve()
    {
        var outcome = await Generate(new TextToImageRequest { Prompt = "a comic strip", Model = "wan2.7-image", Sequential = true, Count = 12, Size = "1K" });

        Assert.Equal(12, outcome.Images.Count);
        Assert.Equal("""{"size":"1K","n":12,"enable_sequential":true}""", SentParameters().ToJsonString());
    }

    [Fact]
    public async Task Wan27_edits_with_a_box_per_image_from_JSON()
    {
        var outcome = await Edit(new EditRequest
        {
            Prompt = "put the cup from image 2 in the box of image 1", Model = "wan2.7-image", Images = [Png("a.png"), Png("b.png", 600, 400)],
            BoundingBoxes = "[[[10,10,200,200],[300,300,512,512]],[]]",
        });

        Assert.Single(outcome.Images);
        Assert.Equal("[[[10,10,200,200],[300,300,512,512]],[]]", SentParameters()["bbox_list"]!.ToJsonString());
    }

    [Theory]
    [InlineData("wan2.7-image", "4K", null, null, null, "Bailian.InvalidSize")] // 4K is the pro model's
    [InlineData("wan2.7-image", null, 5, null, null, "Bailian.InvalidCount")]
    [InlineData("wan2.7-image", null, 13, true, null, "Bailian.InvalidCount")]
    [InlineData("wan2.7-image", null, null, true, true, "Bailian.ParameterNotApplicable")] // thinking with sequential
    [InlineData("wan2.7-image", "3000*3000", null, null, null, "Bailian.InvalidSize")]
    [InlineData("qwen-image-3.0", null, null, null, true, "Bailian.ParameterNotApplicable")] // thinking is wan2.7's
    public void Wan27_text_rules_are_checked_before_sending(string model, string? size, int? count, bool? sequential, bool? thinking, string errorId)
    {
        Assert.Equal(errorId, Refused(() => PrepareText(new TextToImageRequest
        {
            Prompt = "p", Model = model, Size = size, Count = count, Sequential = sequential, ThinkingMode = thinking,
        })));
    }

    [Theory]
    [InlineData("#000000:0.5,#FFFFFF:0.5")] // two colours: 3 to 10
    [InlineData("#000000:25,#FFFFFF:50,#FF0000:25")] // a percentage, not a fraction
    [InlineData("black:0.3,#FFFFFF:0.3,#FF0000:0.4")]
    [InlineData("#000000,#FFFFFF,#FF0000")] // no shares
    [InlineData("""[{"hex":"#000000"}]""")]
    public void A_palette_is_refused_unless_three_to_ten_hex_colours_with_fractions(string palette)
    {
        Assert.Equal("Bailian.InvalidOptionValue", Refused(() => PrepareText(new TextToImageRequest { Prompt = "p", Model = "wan2.7-image", ColorPalette = palette })));
    }

    [Fact]
    public void Wan27_edit_rules_are_checked_before_sending()
    {
        var one = new[] { Png("a.png") };
        EditRequest Request(Action<EditRequest> set)
        {
            var request = new EditRequest { Prompt = "p", Model = "wan2.7-image-pro", Images = one };
            set(request);
            return request;
        }

        Assert.Equal("Bailian.InvalidSize", Refused(() => PrepareEdit(Request(r => r.Size = "4K"))));
        Assert.Equal("Bailian.ParameterNotApplicable", Refused(() => PrepareEdit(Request(r => r.ThinkingMode = true))));
        Assert.Equal("Bailian.InvalidOptionValue", Refused(() => PrepareEdit(Request(r => r.BoundingBoxes = "[[],[]]"))));
        Assert.Equal("Bailian.InvalidOptionValue", Refused(() => PrepareEdit(Request(r => r.BoundingBoxes = "[[[0,0,1,1],[0,0,2,2],[0,0,3,3]]]"))));
        Assert.Equal("Bailian.InvalidOptionValue", Refused(() => PrepareEdit(Request(r => r.BoundingBoxes = "[[[0,0,600,100]]]")))); // past 512 px
        Assert.Equal("Bailian.InvalidOptionValue", Refused(() => PrepareEdit(Request(r => r.BoundingBoxes = "not json"))));
        Assert.Equal("Bailian.ParameterNotApplicable", Refused(() => PrepareEdit(Request(r => r.NegativePrompt = "blurry"))));
        Assert.Equal("Bailian.InvalidImageCount", Refused(() => PrepareEdit(Request(r => r.Images = Enumerable.Range(0, 10).Select(i => Png($"{i}.png")).ToList()))));
        Assert.Equal("Bailian.InvalidImageDimensions", Refused(() => PrepareEdit(Request(r => r.Images = [Png("long.png", 240, 1928)]))));
        Assert.Equal("Bailian.ParameterNotApplicable", Refused(() => PrepareText(new TextToImageRequest { Prompt = "p", Model = "wan2.7-image", BoundingBoxes = "[]" })));
        Assert.Empty(Posts);
    }

    [Fact]
    public void Wan27_takes_nine_images_of_up_to_20_MB()
    {
        var nine = Enumerable.Range(0, 9).Select(i => Png($"{i}.png")).ToList();
        var big = new byte[20 * 1024 * 1024 + 1];
        TestImages.Png(512, 512).CopyTo(big, 0);

        Assert.Equal(9, PrepareEdit(new EditRequest { Prompt = "p", Model = "wan2.7-image", Images = nine }).Inputs.Count);
        Assert.Equal("Bailian.ImageTooLarge", Refused(() => PrepareEdit(new EditRequest
        {
            Prompt = "p", Model = "wan2.7-image", Images = [ImageSource.Classify(_files.Write("big.png", big))],
        })));
    }

    [Fact]
    public async Task Wan26_image_interleaves_text_and_images_from_a_stream()
    {
        var outcome = await Generate(new TextToImageRequest { Prompt = "how to fold a crane", Model = "wan2.6-image", Interleave = true, MaxImages = 3 });

        Assert.Equal(3, outcome.Images.Count);
        Assert.Equal(["Step 1: how to fold a crane. ", "Step 2: how to fold a crane. ", "Step 3: how to fold a crane. "], outcome.Images.Select(i => i.Text));
        Assert.Equal([0, 1, 2], outcome.Images.Select(i => i.Index));
        var post = Assert.Single(Posts);
        Assert.Equal("enable", post.Headers.First(h => h.Key.Equals("X-DashScope-SSE", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Equal("""{"n":1,"enable_interleave":true,"max_images":3}""", SentParameters().ToJsonString());
    }

    [Fact]
    public async Task Wan26_image_interleaves_from_one_input_image()
    {
        var outcome = await Edit(new EditRequest { Prompt = "continue the story", Model = "wan2.6-image", Interleave = true, MaxImages = 1, Images = [Png("a.png")] });

        Assert.Equal("Step 1: continue the story. ", Assert.Single(outcome.Images).Text);
    }

    [Fact]
    public void Interleaving_is_refused_as_a_task_with_n_above_1_two_images_or_max_images_out_of_range()
    {
        TextToImageRequest Request(Action<TextToImageRequest> set)
        {
            var request = new TextToImageRequest { Prompt = "p", Model = "wan2.6-image", Interleave = true };
            set(request);
            return request;
        }

        Assert.Equal("Bailian.ParameterNotApplicable", Refused(() => PrepareText(Request(r => r.Async = true))));
        Assert.Equal("Bailian.InvalidCount", Refused(() => PrepareText(Request(r => r.Count = 2))));
        Assert.Equal("Bailian.OutOfRange", Refused(() => PrepareText(Request(r => r.MaxImages = 6))));
        Assert.Equal("Bailian.NeedsInputImage", Refused(() => PrepareText(Request(r => r.Interleave = null))));
        // -MaxImages without -Interleave: the message points at the switch that makes text alone enough (a first-time user's finding).
        var forgotten = Assert.Throws<BailianValidationException>(() => PrepareText(Request(r => { r.Interleave = null; r.MaxImages = 3; })));
        Assert.Contains("-Interleave", forgotten.Message, StringComparison.Ordinal);
        Assert.Equal("Bailian.ParameterNotApplicable", Refused(() => PrepareEdit(new EditRequest
        {
            Prompt = "p", Model = "wan2.6-image", MaxImages = 2, Images = [Png("a.png")],
        })));
        Assert.Equal("Bailian.InvalidImageCount", Refused(() => PrepareEdit(new EditRequest
        {
            Prompt = "p", Model = "wan2.6-image", Interleave = true, Images = [Png("a.png"), Png("b.png")],
        })));
        Assert.Equal("Bailian.ParameterNotApplicable", Refused(() => PrepareText(new TextToImageRequest { Prompt = "p", Model = "wan2.6-t2i", Interleave = true })));
    }
}
