using Bailian.Client.DashScope;
using Bailian.Catalog;
using Bailian.Connection;
using Bailian.Generation;

using Bailian.Tests.Support;

namespace Bailian.Tests.Generation;

public class TextToImagePlannerTests
{
    private static PreparedGeneration Prepare(string model = "qwen-image-plus", string prompt = "a red fox", string? size = null,
        int? count = null, long? seed = null, string? negative = null) =>
        TextToImagePlanner.Prepare(new TextToImageRequest
        {
            Model = model, Prompt = prompt, Size = size, Count = count, Seed = seed, NegativePrompt = negative,
        }, ModelCatalog.Default);

    private static BailianValidationException Rejected(System.Func<PreparedGeneration> prepare) =>
        Assert.Throws<BailianValidationException>(() => prepare());

    [Fact]
    public void A_size_not_in_the_list_is_rejected_with_the_allowed_sizes()
    {
        var error = Rejected(() => Prepare(size: "1024*1024"));
        Assert.Equal("Bailian.InvalidSize", error.ErrorId);
        Assert.Equal("Size 1024*1024 is not allowed for qwen-image-plus: it takes one of 1664*928, 1472*1104, 1328*1328, 1104*1472, 928*1664.",
            error.Message);
    }

    [Theory]
    [InlineData("4K")]
    [InlineData(" 2k ")]
    public void A_named_size_another_model_takes_is_not_allowed_here_rather_than_not_a_size(string size)
    {
        var error = Rejected(() => Prepare(size: size));
        Assert.Equal("Bailian.InvalidSize", error.ErrorId);
        Assert.Equal($"Size {size.Trim()} is not allowed for qwen-image-plus: it takes one of 1664*928, 1472*1104, 1328*1328, 1104*1472, 928*1664.",
            error.Message);
        Assert.StartsWith("Size 'big' is not a size", Rejected(() => Prepare(size: "big")).Message);
    }

    [Fact]
    public void The_old_1472_by_1140_size_is_rejected_for_qwen_image()
    {
        Assert.Equal("Bailian.InvalidSize", Rejected(() => Prepare(size: "1472*1140")).ErrorId);
    }

    [Fact]
    public void Garbage_in_the_size_column_says_how_to_write_a_size()
    {
        var error = Rejected(() => Prepare(size: "square"));
        Assert.Contains("width*height", error.Message);
        Assert.Contains("1328*1328", error.Message);
    }

    [Theory]
    [InlineData("wan2.6-t2i", "1280*1280", true)]
    [InlineData("wan2.6-t2i", "1440*1440", true)]
    [InlineData("wan2.6-t2i", "768*2700", true)]   // the API doc's own example: 2,073,600 px at about 1:3.5
    [InlineData("wan2.6-t2i", "1024*1024", false)] // too few pixels
    [InlineData("wan2.6-t2i", "1104*1472", true)]  // recommended by the docs though just under 1280*1280 pixels
    [InlineData("wan2.6-t2i", "1696*960", true)]   // likewise
    [InlineData("wan2.6-t2i", "2880*720", true)]   // 4:1 exactly
    [InlineData("wan2.6-t2i", "3000*690", false)]  // wider than 4:1
    [InlineData("qwen-image-2.0", "512*512", true)]
    [InlineData("qwen-image-2.0", "2048*2048", true)]
    [InlineData("qwen-image-2.0", "2049*2048", false)]
    [InlineData("qwen-image-2.0", "500*500", false)]
    public void Range_models_check_pixels_and_ratio(string model, string size, bool allowed)
    {
        if (allowed)
        {
            Assert.Equal(size, Prepare(model, size: size).Size.ToString());
        }
        else
        {
            Assert.Equal("Bailian.InvalidSize", Rejected(() => Prepare(model, size: size)).ErrorId);
        }
    }

    [Fact]
    public void Qwen_image_makes_exactly_one_image()
    {
        var error = Rejected(() => Prepare(count: 2));
        Assert.Equal("Bailian.InvalidCount", error.ErrorId);
        Assert.Equal("Count 2 is not allowed for qwen-image-plus: it makes exactly 1 image per request.", error.Message);
    }

    [Fact]
    public void Wan_count_range_is_given_in_the_message()
    {
        Assert.Equal("Count 5 is not allowed for wan2.6-t2i: it makes from 1 to 4 images per request.", Rejected(() => Prepare("wan2.6-t2i", count: 5)).Message);
        Assert.Equal("Bailian.InvalidCount", Rejected(() => Prepare("wan2.6-t2i", count: 0)).ErrorId);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(2147483648L)]
    public void Seeds_outside_the_API_range_are_rejected(long seed)
    {
        var error = Rejected(() => Prepare(seed: seed));
        Assert.Equal("Bailian.InvalidSeed", error.ErrorId);
        Assert.Contains("0 to 2147483647", error.Message);
    }

    [Fact]
    public void An_over_long_prompt_is_rejected_instead_of_being_silently_cut()
    {
        Assert.Equal(800, Prepare(prompt: new string('狐', 800)).Request.Prompt.Length);
        var error = Rejected(() => Prepare(prompt: new string('狐', 801)));
        Assert.Equal("Bailian.PromptTooLong", error.ErrorId);
        Assert.Contains("801 characters", error.Message);
        Assert.Contains("at most 800", error.Message);
    }

    [Fact]
    public void Characters_outside_the_basic_plane_count_once_as_DashScope_counts_them()
    {
        var emoji = string.Concat(System.Linq.Enumerable.Repeat("🦊", 800)); // 1600 UTF-16 units
        Assert.Equal(800, RequestChecks.CountCharacters(emoji));
        Prepare(prompt: emoji);
    }

    [Fact]
    public void An_over_long_negative_prompt_is_rejected()
    {
        Assert.Equal("Bailian.NegativePromptTooLong", Rejected(() => Prepare(negative: new string('x', 501))).ErrorId);
    }

    [Fact]
    public void A_blank_prompt_is_rejected() => Assert.Equal("Bailian.EmptyPrompt", Rejected(() => Prepare(prompt: "  ")).ErrorId);

    [Fact]
    public void An_unknown_model_is_sent_as_given_with_a_warning()
    {
        var prepared = Prepare("qwen-image-9.0", size: "333*777", count: 3);
        Assert.Null(prepared.Model);
        Assert.Equal("qwen-image-9.0", prepared.ModelName);
        Assert.Contains("not in Bailian's catalog", Assert.Single(prepared.Warnings));
    }

    [Fact]
    public void The_body_has_one_user_message_with_one_text_item_and_only_the_parameters_given()
    {
        var prepared = TextToImagePlanner.Prepare(new TextToImageRequest
        {
            Prompt = "a red fox", Model = "qwen-image-max", Size = "1328x1328", Seed = 42, PromptExtend = false,
        }, ModelCatalog.Default);
        var json = DashScopeBody.For(prepared, null).Text();
        Assert.Equal("""{"model":"qwen-image-max","input":{"messages":[{"role":"user","content":[{"text":"a red fox"}]}]},"parameters":{"size":"1328*1328","n":1,"prompt_extend":false,"seed":42}}""",
            json);
    }

    [Fact]
    public void Wan_always_gets_n_because_it_bills_four_images_without_it()
    {
        foreach (var model in new[] { "wan2.6-t2i", "wan2.5-t2i-preview", "wan2.2-t2i-flash", "wanx2.1-t2i-turbo", "wanx2.0-t2i-turbo" })
        {
            var prepared = Prepare(model);
            Assert.Equal(1, prepared.Count);
            Assert.Contains("\"n\":1", DashScopeBody.For(prepared, null).Text(), System.StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_model_is_refused_in_a_region_that_does_not_serve_it()
    {
        var prepared = Prepare("qwen-image-plus");
        var error = Assert.Throws<BailianValidationException>(() => RequestChecks.CheckRegion(prepared, DashScopeRegion.Parse("Virginia")));
        Assert.Equal("Bailian.ModelNotInRegion", error.ErrorId);
        Assert.Contains("cn-beijing, ap-southeast-1", error.Message);
        RequestChecks.CheckRegion(prepared, DashScopeRegion.Parse("Singapore"));
        RequestChecks.CheckRegion(prepared, null); // unknown region (custom endpoint): no local check
    }

    [Fact]
    public void WhatIf_text_names_count_model_size_and_prompt()
    {
        Assert.Equal("1 image with qwen-image-plus at 1664*928: \"a red fox\"", WhatIfText.Of(Prepare()));
        Assert.Equal("2 images with wan2.6-t2i at 1280*1280: \"a red fox\"", WhatIfText.Of(Prepare("wan2.6-t2i", count: 2)));
    }

    // Issue 9: a GB18030 CSV read as UTF-8 turns 一只橘猫 into U+FFFD replacement characters; sent as it was,
    // it was billed for a picture of nothing anyone asked for.
    [Fact]
    public void A_prompt_read_in_the_wrong_encoding_is_refused_with_how_to_read_it()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var garbled = System.Text.Encoding.UTF8.GetString(System.Text.Encoding.GetEncoding("GB18030").GetBytes("一只橘猫"));
        Assert.Contains('\uFFFD', garbled);

        var error = Rejected(() => Prepare(prompt: garbled));
        var negative = Rejected(() => Prepare(model: "wan2.6-t2i", negative: "低质量 \uFFFD\uFFFD"));

        Assert.Equal("Bailian.GarbledText", error.ErrorId);
        Assert.Contains("-Prompt", error.Message, System.StringComparison.Ordinal);
        Assert.Contains("Import-Csv -Encoding GB18030", error.Message, System.StringComparison.Ordinal);
        Assert.Equal("Bailian.GarbledText", negative.ErrorId);
        Assert.Contains("-NegativePrompt", negative.Message, System.StringComparison.Ordinal);
    }
}
