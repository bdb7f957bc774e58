using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Catalog;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Images;
using Bailian.Tasks;
using Bailian.Tests.Support;

namespace Bailian.Tests.Catalog;

/// <summary>
/// -EndpointFamily: a model the catalog does not know reaches the endpoint its docs name; a known model's family
/// must agree with the catalog; without it, an unknown model goes where its name suggests (API doc §2, §3, §12).
/// </summary>
public sealed class EndpointFamilyTests : InstantClockEmulatorTests
{
    private static PreparedGeneration Prepare(string model, EndpointFamily? family = null, bool async = false) =>
        TextToImagePlanner.Prepare(new TextToImageRequest { Model = model, Prompt = "a cat", EndpointFamily = family, Async = async }, ModelCatalog.Default);

    [Fact]
    public async Task An_unknown_model_reaches_text2image_with_the_family_and_is_waited_on()
    {
        var prepared = Prepare("wanx-v1", EndpointFamily.Text2Image);

        var outcome = await Clients.For(Transport, Clock)
            .GenerateAsync(prepared, Connect(), Options, Log, CancellationToken.None);

        Assert.Equal(ApiProtocol.Text2ImageSynthesis, prepared.Protocol);
        Assert.Contains("-EndpointFamily Text2Image", Assert.Single(prepared.Warnings), StringComparison.Ordinal);
        Assert.Single(outcome.Images);
        var create = Emulator.Control.Requests.First(r => r.Kind == "api" && r.Method == "POST");
        Assert.EndsWith("/services/aigc/text2image/image-synthesis", create.Path, StringComparison.Ordinal);
        Assert.Equal("""{"model":"wanx-v1","input":{"prompt":"a cat"},"parameters":{"n":1}}""", create.Body);
    }

    [Theory]
    [InlineData("wanx-v1", false, ApiProtocol.Text2ImageSynthesis, "its name suggests Text2Image")]
    [InlineData("wanx-v1", true, ApiProtocol.Text2ImageSynthesis, "its name suggests Text2Image")]
    [InlineData("wan2.3-t2i-next", false, ApiProtocol.Text2ImageSynthesis, "its name suggests Text2Image")]
    [InlineData("wanx2.1-imageedit-v2", false, ApiProtocol.Image2ImageSynthesis, "its name suggests Image2Image")]
    [InlineData("wan2.5-i2i", false, ApiProtocol.Image2ImageSynthesis, "its name suggests Image2Image")]
    [InlineData("wan2.8-image", false, ApiProtocol.MultimodalGeneration, "the default for unknown models")]
    [InlineData("wan2.8-image", true, ApiProtocol.ImageGeneration, "the default for unknown models")]
    [InlineData("qwen-image-4.0", false, ApiProtocol.MultimodalGeneration, "the default for unknown models")]
    public void An_unknown_model_without_the_family_goes_where_its_name_suggests(string model, bool async, ApiProtocol protocol, string why)
    {
        var prepared = Prepare(model, async: async);

        Assert.Equal(protocol, prepared.Protocol);
        Assert.Contains(why, Assert.Single(prepared.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EndpointFamily.MultimodalGeneration, false, ApiProtocol.MultimodalGeneration)]
    [InlineData(EndpointFamily.MultimodalGeneration, true, ApiProtocol.ImageGeneration)]
    [InlineData(EndpointFamily.ImageGeneration, false, ApiProtocol.ImageGeneration)]
    [InlineData(EndpointFamily.Image2Image, false, ApiProtocol.Image2ImageSynthesis)]
    public void The_family_beats_the_name_s_guess(EndpointFamily family, bool async, ApiProtocol protocol) =>
        Assert.Equal(protocol, Prepare("wanx-v9", family, async).Protocol);

    [Theory]
    [InlineData("wan2.6-t2i", EndpointFamily.MultimodalGeneration, false, ApiProtocol.MultimodalGeneration)]
    [InlineData("wan2.6-t2i", EndpointFamily.ImageGeneration, false, ApiProtocol.ImageGeneration)]
    [InlineData("wan2.6-t2i", EndpointFamily.MultimodalGeneration, true, ApiProtocol.ImageGeneration)]
    [InlineData("qwen-image-plus", EndpointFamily.Text2Image, false, ApiProtocol.Text2ImageSynthesis)]
    [InlineData("wan2.2-t2i-flash", EndpointFamily.Text2Image, true, ApiProtocol.Text2ImageSynthesis)]
    public void A_known_model_takes_a_family_it_is_served_on(string model, EndpointFamily family, bool async, ApiProtocol protocol)
    {
        var prepared = Prepare(model, family, async);

        Assert.Equal(protocol, prepared.Protocol);
        Assert.Empty(prepared.Warnings);
    }

    [Theory]
    [InlineData("wan2.6-t2i", EndpointFamily.Text2Image, false)]
    [InlineData("qwen-image-max", EndpointFamily.ImageGeneration, false)]
    [InlineData("qwen-image-max", EndpointFamily.MultimodalGeneration, true)]
    [InlineData("wan2.2-t2i-flash", EndpointFamily.MultimodalGeneration, false)]
    public void A_known_model_with_a_contradicting_family_is_refused_before_sending(string model, EndpointFamily family, bool async)
    {
        var error = Assert.Throws<BailianValidationException>(() => Prepare(model, family, async));

        Assert.Equal("Bailian.EndpointFamilyMismatch", error.ErrorId);
        Assert.Contains($"{model} is served on", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Edits_take_the_family_too()
    {
        using var files = new TempFolder();
        var prepared = EditPlanner.Prepare(new EditRequest
        {
            Model = "wanx-edit-next", Prompt = "p", EndpointFamily = EndpointFamily.Image2Image,
            Images = [ImageSource.Classify(files.Write("a.png", TestImages.Png(600, 600)))],
        }, ModelCatalog.Default);

        Assert.Equal(ApiProtocol.Image2ImageSynthesis, prepared.Protocol);
        Assert.Equal("Bailian.EndpointFamilyMismatch", Assert.Throws<BailianValidationException>(() => EditPlanner.Prepare(new EditRequest
        {
            Model = "qwen-image-edit-plus", Prompt = "p", EndpointFamily = EndpointFamily.Image2Image,
            Images = [ImageSource.Classify(files.Write("b.png", TestImages.Png(600, 600)))],
        }, ModelCatalog.Default)).ErrorId);
    }
}
