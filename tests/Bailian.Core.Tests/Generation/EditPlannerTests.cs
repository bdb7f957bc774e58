using Bailian.Client.DashScope;
using System;
using System.Linq;
using Bailian.Catalog;
using Bailian.Generation;
using Bailian.Images;
using Bailian.Tests.Support;

namespace Bailian.Tests.Generation;

/// <summary>Everything an edit is checked for before anything is sent.</summary>
public sealed class EditPlannerTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    private ImageSource Png(int width = 1024, int height = 768, string name = "photo.png") => ImageSource.Classify(_files.Write(name, ImageBytes.Png(width, height)));

    private static PreparedGeneration Prepare(EditRequest request) => EditPlanner.Prepare(request, ModelCatalog.Default);

    private static BailianValidationException Rejected(EditRequest request) => Assert.Throws<BailianValidationException>(() => Prepare(request));

    private EditRequest Edit(string model = "qwen-image-edit-plus", params ImageSource[] images) =>
        new() { Prompt = "make it a watercolor", Model = model, Images = images.Length == 0 ? [Png()] : images };

    [Fact]
    public void The_default_model_edits_one_local_image_inline()
    {
        var prepared = Prepare(new EditRequest { Prompt = "make it a watercolor", Images = [Png()] });
        Assert.Equal(("qwen-image-edit-plus", ApiProtocol.MultimodalGeneration, false), (prepared.ModelName, prepared.Protocol, prepared.UploadsFiles));
        Assert.Equal(new ImageHeaderInfo(ImageFileFormat.Png, 1024, 768), prepared.Inputs.Single().Header);
        Assert.Equal("1 image with qwen-image-edit-plus at default size from 1 image: \"make it a watercolor\"", WhatIfText.Of(prepared));
    }

    [Fact]
    public void A_text_to_image_model_cannot_edit_and_the_error_lists_those_that_can()
    {
        var error = Rejected(Edit("qwen-image-plus"));
        Assert.Equal("Bailian.CannotEdit", error.ErrorId);
        Assert.Contains("qwen-image-edit-plus", error.Message);
        Assert.Contains("wanx2.1-imageedit", error.Message);
        Assert.DoesNotContain("2025-12-15", error.Message);
    }

    [Fact]
    public void An_editing_model_is_refused_by_New_BailianImage()
    {
        var error = Assert.Throws<BailianValidationException>(() =>
            TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "p", Model = "qwen-image-edit-plus" }, ModelCatalog.Default));
        Assert.Equal("Bailian.NeedsInputImage", error.ErrorId);
        Assert.Contains("Edit-BailianImage", error.Message);
    }

    [Fact]
    public void Image_count_is_checked_per_model()
    {
        Assert.Equal("qwen-image-edit-plus takes 1 to 3 images; 4 were given.",
            Rejected(Edit("qwen-image-edit-plus", Png(name: "1.png"), Png(name: "2.png"), Png(name: "3.png"), Png(name: "4.png"))).Message);
        Assert.Equal(4, Prepare(Edit("wan2.6-image", Png(name: "1.png"), Png(name: "2.png"), Png(name: "3.png"), Png(name: "4.png"))).Inputs.Count);
        Assert.Equal("Bailian.InvalidImageCount", Rejected(new EditRequest { Prompt = "p", Images = [] }).ErrorId);
        Assert.Equal("wanx2.1-imageedit takes exactly 1 image; 2 were given.",
            Rejected(Edit("wanx2.1-imageedit", Png(name: "1.png"), Png(name: "2.png")).WithFunction("description_edit")).Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var missing = System.IO.Path.Combine(_files.Path, "nope.jpg");
        var error = Rejected(Edit(images: ImageSource.Classify(missing)));
        Assert.Equal(("Bailian.ImageNotFound", $"Image '{missing}' does not exist."), (error.ErrorId, error.Message));
        Assert.Contains("is a folder", Rejected(Edit(images: ImageSource.Classify(_files.Path))).Message);
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_refused_whatever_its_name()
    {
        var fake = ImageSource.Classify(_files.Write("cat.png", "<html>not a picture</html>"u8.ToArray()));
        var error = Rejected(Edit(images: fake));
        Assert.Equal("Bailian.UnsupportedImageFormat", error.ErrorId);
        Assert.Contains("judged by its first bytes", error.Message);
    }

    [Fact]
    public void A_format_the_model_does_not_take_is_refused_with_those_it_does()
    {
        var gif = ImageSource.Classify(_files.Write("anim.gif", ImageBytes.Gif(800, 600)));
        Assert.Equal("Image '" + gif.Value + "' is GIF; wan2.6-image takes JPEG, PNG, BMP, WEBP.", Rejected(Edit("wan2.6-image", gif)).Message);
        Prepare(Edit("qwen-image-edit-plus", gif)); // qwen editing takes GIF (first frame)
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_reading_it_all()
    {
        var big = ImageSource.Classify(_files.WriteSized("big.png", ImageBytes.Png(2000, 2000), 11L * 1024 * 1024));
        var error = Rejected(Edit(images: big));
        Assert.Equal("Bailian.ImageTooLarge", error.ErrorId);
        Assert.Contains("is 11 MB; qwen-image-edit-plus takes at most 10 MB per image", error.Message);
    }

    [Theory]
    [InlineData("qwen-image-edit-plus", 383, 1000, false)]
    [InlineData("qwen-image-edit-plus", 384, 3072, true)]
    [InlineData("qwen-image-edit-plus", 3073, 1000, false)]
    [InlineData("wan2.6-image", 240, 8000, true)]
    [InlineData("wan2.5-i2i-preview", 5001, 1000, false)]
    public void Pixel_dimensions_are_checked_from_the_header(string model, int width, int height, bool allowed)
    {
        var request = Edit(model, Png(width, height));
        if (allowed)
        {
            Prepare(request);
        }
        else
        {
            var error = Rejected(request);
            Assert.Equal("Bailian.InvalidImageDimensions", error.ErrorId);
            Assert.Contains($"is {width}x{height} px", error.Message);
        }
    }

    [Fact]
    public void Data_URIs_are_inspected_too()
    {
        var small = ImageSource.Classify("data:image/png;base64," + Convert.ToBase64String(ImageBytes.Png(100, 100)));
        Assert.Equal("Bailian.InvalidImageDimensions", Rejected(Edit(images: small)).ErrorId);
        var good = ImageSource.Classify("data:image/png;base64," + Convert.ToBase64String(ImageBytes.Png(1000, 1000)));
        Assert.Equal(64, Prepare(Edit(images: good)).Inputs.Single().Length);
        Assert.Equal("Bailian.InvalidDataUri", Rejected(Edit(images: ImageSource.Classify("data:image/png,plain"))).ErrorId);
        Assert.Equal("Bailian.InvalidDataUri", Rejected(Edit(images: ImageSource.Classify("data:image/png;base64,@@@@"))).ErrorId);
    }

    [Fact]
    public void URLs_are_left_to_DashScope()
    {
        var prepared = Prepare(Edit(images: ImageSource.Classify("https://example.com/cat.jpg")));
        Assert.Null(prepared.Inputs.Single().Header);
    }

    [Fact]
    public void The_first_qwen_image_edit_refuses_size_and_prompt_extend()
    {
        var edit = Edit("qwen-image-edit");
        edit.Size = "1024*1024";
        Assert.Equal("Bailian.ParameterNotApplicable", Rejected(edit).ErrorId);
        edit.Size = null;
        edit.PromptExtend = true;
        Assert.Contains("-PromptExtend does not apply to qwen-image-edit", Rejected(edit).Message);
        edit.PromptExtend = null;
        edit.Count = 2;
        Assert.Equal("Bailian.InvalidCount", Rejected(edit).ErrorId);
    }

    [Fact]
    public void Wan26_image_takes_1K_and_2K_or_a_pixel_range()
    {
        var edit = Edit("wan2.6-image");
        edit.Size = "2k";
        Assert.Equal("1 image with wan2.6-image at 2K from 1 image: \"make it a watercolor\"", WhatIfText.Of(Prepare(edit)));
        edit.Size = "4K";
        Assert.Contains("1K, 2K, or total pixels", Rejected(edit).Message);
    }

    [Fact]
    public void Function_options_belong_to_wanx21_imageedit_only()
    {
        var edit = Edit();
        edit.Strength = 0.5;
        var error = Rejected(edit);
        Assert.Equal("Bailian.ParameterNotApplicable", error.ErrorId);
        Assert.Contains("-Strength does not apply to qwen-image-edit-plus", error.Message);
        edit.Strength = null;
        edit.Function = "expand";
        Assert.Contains("-Function does not apply", Rejected(edit).Message);
    }

    [Fact]
    public void Wanx21_imageedit_needs_a_known_function()
    {
        Assert.Equal("Bailian.MissingFunction", Rejected(Edit("wanx2.1-imageedit")).ErrorId);
        var error = Rejected(Edit("wanx2.1-imageedit").WithFunction("make_it_pop"));
        Assert.Equal("Bailian.InvalidFunction", error.ErrorId);
        Assert.Contains("stylization_all", error.Message);
    }

    [Fact]
    public void The_SDKs_misspelling_of_remove_watermark_is_sent_as_the_official_name()
    {
        var prepared = Prepare(Edit("wanx2.1-imageedit").WithFunction("remove_watermaker"));
        Assert.Contains("\"function\":\"remove_watermark\"", DashScopeBody.For(prepared, "cn-beijing").Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expand", "Strength")]
    [InlineData("super_resolution", "TopScale")]
    [InlineData("description_edit", "UpscaleFactor")]
    [InlineData("colorization", "IsSketch")]
    public void An_option_of_another_function_is_an_error_naming_what_the_function_takes(string function, string parameter)
    {
        var edit = Edit("wanx2.1-imageedit").WithFunction(function);
        switch (parameter)
        {
            case "Strength": edit.Strength = 0.4; break;
            case "TopScale": edit.TopScale = 1.5; break;
            case "UpscaleFactor": edit.UpscaleFactor = 2; break;
            default: edit.IsSketch = true; break;
        }

        var error = Rejected(edit);
        Assert.Equal("Bailian.ParameterNotApplicable", error.ErrorId);
        Assert.StartsWith($"-{parameter} does not apply to the function {function}", error.Message);
    }

    [Fact]
    public void Function_options_have_ranges()
    {
        var expand = Edit("wanx2.1-imageedit").WithFunction("expand");
        expand.LeftScale = 2.5;
        Assert.Equal("-LeftScale 2.5 is out of range: use 1 to 2.", Rejected(expand).Message);
        var upscale = Edit("wanx2.1-imageedit").WithFunction("super_resolution");
        upscale.UpscaleFactor = 5;
        Assert.Equal("Bailian.OutOfRange", Rejected(upscale).ErrorId);
    }

    [Fact]
    public void The_mask_is_required_refused_or_checked_against_the_base_image()
    {
        Assert.Equal("Bailian.MissingMask", Rejected(Edit("wanx2.1-imageedit").WithFunction("description_edit_with_mask")).ErrorId);

        var masked = Edit("wanx2.1-imageedit", Png(1024, 768)).WithFunction("description_edit");
        masked.Mask = Png(1024, 768, "mask.png");
        Assert.Contains("only description_edit_with_mask takes a mask", Rejected(masked).Message);

        var mismatch = Edit("wanx2.1-imageedit", Png(1024, 768)).WithFunction("description_edit_with_mask");
        mismatch.Mask = Png(512, 512, "mask.png");
        var error = Rejected(mismatch);
        Assert.Equal("Bailian.MaskSizeMismatch", error.ErrorId);
        Assert.Contains("is 512x512 px but the base image", error.Message);

        mismatch.Mask = Png(1024, 768, "mask2.png");
        Assert.Equal(2, Prepare(mismatch).Inputs.Count);
    }

    [Fact]
    public void Local_files_go_inline_unless_asked_or_too_big_for_it()
    {
        Assert.False(Prepare(Edit()).UploadsFiles);
        var asked = Edit();
        asked.Upload = true;
        Assert.True(Prepare(asked).UploadsFiles);
        var big = ImageSource.Classify(_files.WriteSized("a.png", ImageBytes.Png(2000, 2000), 6L * 1024 * 1024));
        var bigger = ImageSource.Classify(_files.WriteSized("b.png", ImageBytes.Png(2000, 2000), 6L * 1024 * 1024));
        Assert.True(Prepare(Edit("qwen-image-edit-plus", big, bigger)).UploadsFiles);
        var remoteOnly = Edit(images: ImageSource.Classify("https://example.com/a.png"));
        remoteOnly.Upload = true;
        Assert.False(Prepare(remoteOnly).UploadsFiles);
    }

    // Issue 9: an input URL whose signature had expired (our own results after 24 hours) was sent and came
    // back as a vague 400. It is refused before sending, naming when it expired.
    [Theory]
    [InlineData("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/1d/a/cat.png?Expires=1700000000&OSSAccessKeyId=k&Signature=s", 1700000000L)]
    [InlineData("https://bucket.oss-cn-beijing.aliyuncs.com/cat.png?x-oss-date=20231114T221320Z&x-oss-expires=86400&x-oss-signature=s", 1700086400L)]
    public void An_input_URL_whose_signature_expired_is_refused_with_the_time_it_expired(string url, long expiredAtUnix)
    {
        var expiredAt = DateTimeOffset.FromUnixTimeSeconds(expiredAtUnix);

        var error = Rejected(Edit(images: ImageSource.Classify(url)));

        Assert.Equal("Bailian.ImageUrlExpired", error.ErrorId);
        Assert.Contains($"expired at {expiredAt.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz}", error.Message, StringComparison.Ordinal);
        Assert.Contains(new Uri(url).GetLeftPart(UriPartial.Path), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_mask_URL_is_refused_too_and_a_valid_signed_URL_passes()
    {
        var valid = $"https://bucket.oss-cn-beijing.aliyuncs.com/base.png?Expires={DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}&Signature=s";
        Assert.Single(Prepare(Edit(images: ImageSource.Classify(valid))).Inputs);

        var masked = Edit("wanx2.1-imageedit", ImageSource.Classify(valid)).WithFunction("description_edit_with_mask");
        masked.Mask = ImageSource.Classify("https://bucket.oss-cn-beijing.aliyuncs.com/mask.png?Expires=1700000000&Signature=s");
        Assert.Equal("Bailian.ImageUrlExpired", Rejected(masked).ErrorId);
    }

    [Fact]
    public void Expiry_is_judged_by_the_clock_given()
    {
        var url = "https://bucket.oss-cn-beijing.aliyuncs.com/cat.png?Expires=1800000000&Signature=s";
        var request = Edit(images: ImageSource.Classify(url));

        Assert.Single(EditPlanner.Prepare(request, ModelCatalog.Default, new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1799999999))).Inputs);
        Assert.Equal("Bailian.ImageUrlExpired", Assert.Throws<BailianValidationException>(() =>
            EditPlanner.Prepare(request, ModelCatalog.Default, new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1800000000)))).ErrorId);
    }
}

internal static class EditRequestExtensions
{
    // Reads as "Edit(...).WithFunction(...)" in the tests above.
    public static EditRequest WithFunction(this EditRequest request, string function)
    {
        request.Function = function;
        return request;
    }
}
