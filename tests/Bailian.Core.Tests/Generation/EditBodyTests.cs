using Bailian.Client.DashScope;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Bailian.Catalog;
using Bailian.Generation;
using Bailian.Images;
using Bailian.Tests.Support;

namespace Bailian.Tests.Generation;

/// <summary>What goes on the wire for each editing protocol, with local files inline or uploaded.</summary>
public sealed class EditBodyTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    private static JsonElement Json(PreparedGeneration prepared, IReadOnlyDictionary<string, string>? uploaded = null) =>
        JsonDocument.Parse(DashScopeBody.For(prepared, "cn-beijing", uploaded).Text()).RootElement;

    private static PreparedGeneration Prepare(EditRequest request) => EditPlanner.Prepare(request, ModelCatalog.Default);

    [Fact]
    public void Qwen_edit_sends_each_image_before_the_text_local_files_as_data_URIs_of_their_exact_bytes()
    {
        var bytes = ImageBytes.Png(800, 600).Concat(Enumerable.Range(0, 5000).Select(i => (byte)i)).ToArray();
        var local = _files.Write("girl.png", bytes);
        var prepared = Prepare(new EditRequest
        {
            Prompt = "the girl in image 1 hugs the dog from image 2",
            Images = [ImageSource.Classify(local), ImageSource.Classify("https://example.com/dog.png")],
            Count = 2,
        });

        var content = Json(prepared).GetProperty("input").GetProperty("messages")[0].GetProperty("content");
        Assert.Equal(3, content.GetArrayLength());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(bytes), content[0].GetProperty("image").GetString());
        Assert.Equal("https://example.com/dog.png", content[1].GetProperty("image").GetString());
        Assert.Equal("the girl in image 1 hugs the dog from image 2", content[2].GetProperty("text").GetString());
        Assert.Equal(2, Json(prepared).GetProperty("parameters").GetProperty("n").GetInt32());
        Assert.Equal(DashScopeBody.For(prepared, "cn-beijing").Text().Length, DashScopeBody.For(prepared, "cn-beijing").Length);
    }

    [Fact]
    public void Uploaded_files_are_referred_to_by_their_oss_URLs()
    {
        var local = _files.Write("a.png", ImageBytes.Png(800, 600));
        var prepared = Prepare(new EditRequest { Prompt = "p", Images = [ImageSource.Classify(local)], Upload = true });

        var content = Json(prepared, new Dictionary<string, string> { [local] = "oss://dashscope-instant/x/a.png" })
            .GetProperty("input").GetProperty("messages")[0].GetProperty("content");

        Assert.Equal("oss://dashscope-instant/x/a.png", content[0].GetProperty("image").GetString());
    }

    [Fact]
    public void Wan25_i2i_puts_its_images_in_input_images()
    {
        var prepared = Prepare(new EditRequest
        {
            Model = "wan2.5-i2i-preview", Prompt = "put the cat on the sofa", NegativePrompt = "blurry",
            Images = [ImageSource.Classify("https://x/cat.png"), ImageSource.Classify("https://x/sofa.png")],
        });

        var input = Json(prepared).GetProperty("input");
        Assert.Equal(ApiProtocol.Image2ImageSynthesis, prepared.Protocol);
        Assert.Equal(["https://x/cat.png", "https://x/sofa.png"], input.GetProperty("images").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(("put the cat on the sofa", "blurry"), (input.GetProperty("prompt").GetString(), input.GetProperty("negative_prompt").GetString()));
        Assert.Equal(1, Json(prepared).GetProperty("parameters").GetProperty("n").GetInt32());
    }

    [Fact]
    public void Wanx21_imageedit_sends_function_base_mask_and_the_functions_own_options()
    {
        var baseImage = _files.Write("base.png", ImageBytes.Png(1024, 768));
        var mask = _files.Write("mask.png", ImageBytes.Png(1024, 768));
        var prepared = Prepare(new EditRequest
        {
            Model = "wanx2.1-imageedit", Prompt = "a cartoon cat wearing a hat", Function = "description_edit_with_mask",
            Images = [ImageSource.Classify(baseImage)], Mask = ImageSource.Classify(mask), Strength = 0.7, Seed = 42,
        });

        var json = Json(prepared);
        var input = json.GetProperty("input");
        Assert.Equal("description_edit_with_mask", input.GetProperty("function").GetString());
        Assert.StartsWith("data:image/png;base64,", input.GetProperty("base_image_url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", input.GetProperty("mask_image_url").GetString(), StringComparison.Ordinal);
        Assert.False(input.TryGetProperty("images", out _));
        Assert.Equal((0.7, 42, 1), (json.GetProperty("parameters").GetProperty("strength").GetDouble(),
            json.GetProperty("parameters").GetProperty("seed").GetInt32(), json.GetProperty("parameters").GetProperty("n").GetInt32()));
    }

    [Fact]
    public void Expand_sends_its_scales()
    {
        var prepared = Prepare(new EditRequest
        {
            Model = "wanx2.1-imageedit", Prompt = "extend the beach", Function = "expand",
            Images = [ImageSource.Classify("https://x/beach.jpg")], LeftScale = 1.5, RightScale = 1.5,
        });

        var parameters = Json(prepared).GetProperty("parameters");
        Assert.Equal((1.5, 1.5), (parameters.GetProperty("left_scale").GetDouble(), parameters.GetProperty("right_scale").GetDouble()));
        Assert.False(parameters.TryGetProperty("top_scale", out _));
    }

    [Fact]
    public void Wan26_image_async_uses_the_new_task_protocol_with_messages()
    {
        var prepared = Prepare(new EditRequest { Model = "wan2.6-image", Prompt = "p", Images = [ImageSource.Classify("https://x/a.png")], Async = true, Size = "1K" });
        Assert.Equal(ApiProtocol.ImageGeneration, prepared.Protocol);
        Assert.Equal("1K", Json(prepared).GetProperty("parameters").GetProperty("size").GetString());
        Assert.Equal("https://x/a.png", Json(prepared).GetProperty("input").GetProperty("messages")[0].GetProperty("content")[0].GetProperty("image").GetString());
    }
}
