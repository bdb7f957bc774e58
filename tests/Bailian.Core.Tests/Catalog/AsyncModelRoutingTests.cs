using Bailian.Client.DashScope;
using System.Text;
using Bailian.Catalog;
using Bailian.Generation;

using Bailian.Tests.Support;

namespace Bailian.Tests.Catalog;

/// <summary>Which endpoint each model goes to, with and without -Async (API doc §12).</summary>
public class AsyncModelRoutingTests
{
    private static PreparedGeneration Prepare(string model, bool async = false) =>
        TextToImagePlanner.Prepare(new TextToImageRequest { Model = model, Prompt = "p", Async = async }, ModelCatalog.Default);

    [Theory]
    [InlineData("qwen-image-plus", false, ApiProtocol.MultimodalGeneration)]
    [InlineData("qwen-image-plus", true, ApiProtocol.Text2ImageSynthesis)]
    [InlineData("qwen-image", true, ApiProtocol.Text2ImageSynthesis)]
    [InlineData("wan2.6-t2i", false, ApiProtocol.MultimodalGeneration)]
    [InlineData("wan2.6-t2i", true, ApiProtocol.ImageGeneration)]
    [InlineData("wan2.5-t2i-preview", false, ApiProtocol.Text2ImageSynthesis)]
    [InlineData("wan2.5-t2i-preview", true, ApiProtocol.Text2ImageSynthesis)]
    [InlineData("wan2.2-t2i-flash", false, ApiProtocol.Text2ImageSynthesis)]
    [InlineData("wan2.2-t2i-plus", true, ApiProtocol.Text2ImageSynthesis)]
    [InlineData("wanx2.1-t2i-turbo", false, ApiProtocol.Text2ImageSynthesis)]
    [InlineData("wan2.1-t2i-plus", false, ApiProtocol.Text2ImageSynthesis)]
    [InlineData("wanx2.0-t2i-turbo", false, ApiProtocol.Text2ImageSynthesis)]
    [InlineData("some-future-model", false, ApiProtocol.MultimodalGeneration)]
    [InlineData("some-future-model", true, ApiProtocol.ImageGeneration)]
    public void Routes_by_the_catalog(string model, bool async, ApiProtocol protocol) => Assert.Equal(protocol, Prepare(model, async).Protocol);

    [Fact]
    public void A_model_without_an_async_endpoint_says_to_drop_Async()
    {
        var error = Assert.Throws<BailianValidationException>(() => Prepare("qwen-image-max", async: true));
        Assert.Equal("Bailian.NoAsyncEndpoint", error.ErrorId);
    }

    [Fact]
    public void The_old_protocol_puts_the_prompt_in_input_and_always_sends_n()
    {
        var prepared = TextToImagePlanner.Prepare(new TextToImageRequest
        {
            Model = "wan2.2-t2i-flash", Prompt = "snowfield", NegativePrompt = "people", Size = "1024x1024", Seed = 3,
        }, ModelCatalog.Default);
        Assert.Equal("""{"model":"wan2.2-t2i-flash","input":{"prompt":"snowfield","negative_prompt":"people"},"parameters":{"size":"1024*1024","n":1,"seed":3}}""",
            DashScopeBody.For(prepared, "ap-southeast-1").Text());
    }

    [Theory]
    [InlineData("wanx2.1-t2i-turbo", "cn-beijing", "wanx2.1-t2i-turbo")]
    [InlineData("wanx2.1-t2i-turbo", "ap-southeast-1", "wan2.1-t2i-turbo")]
    [InlineData("wan2.1-t2i-plus", "cn-beijing", "wanx2.1-t2i-plus")]
    [InlineData("wan2.1-t2i-plus", "ap-southeast-1", "wan2.1-t2i-plus")]
    [InlineData("wan2.2-t2i-plus", "ap-southeast-1", "wan2.2-t2i-plus")]
    public void Wan21_is_named_as_each_region_names_it(string model, string region, string sent)
    {
        var prepared = Prepare(model);
        Assert.Equal(sent, prepared.ModelNameIn(region));
        Assert.Contains($"\"model\":\"{sent}\"", DashScopeBody.For(prepared, region).Text(), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wan2.2-t2i-flash", "512*1440", true)]
    [InlineData("wan2.2-t2i-flash", "1440*1440", true)]
    [InlineData("wan2.2-t2i-flash", "500*1024", false)]
    [InlineData("wan2.2-t2i-flash", "1024*1441", false)]
    [InlineData("wan2.5-t2i-preview", "768*2700", true)]
    [InlineData("wan2.5-t2i-preview", "1024*1024", false)]
    public void Wan_size_rules(string model, string size, bool allowed)
    {
        var request = new TextToImageRequest { Model = model, Prompt = "p", Size = size };
        if (allowed)
        {
            Assert.Equal(size, TextToImagePlanner.Prepare(request, ModelCatalog.Default).Size.ToString());
        }
        else
        {
            Assert.Equal("Bailian.InvalidSize", Assert.Throws<BailianValidationException>(() => TextToImagePlanner.Prepare(request, ModelCatalog.Default)).ErrorId);
        }
    }

    [Fact]
    public void WanX20_is_Beijing_only()
    {
        var prepared = Prepare("wanx2.0-t2i-turbo");
        Assert.Equal("Bailian.ModelNotInRegion", Assert.Throws<BailianValidationException>(() =>
            RequestChecks.CheckRegion(prepared, Bailian.Connection.DashScopeRegion.Parse("Singapore"))).ErrorId);
    }

    [Fact]
    public void WhatIf_says_when_a_request_becomes_a_task() =>
        Assert.Equal("1 image with wan2.2-t2i-flash at 1024*1024 (as a task): \"p\"", WhatIfText.Of(Prepare("wan2.2-t2i-flash")));
}
