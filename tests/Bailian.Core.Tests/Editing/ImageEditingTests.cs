using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Catalog;
using Bailian.Connection;
using Bailian.Emulator;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Images;
using Bailian.Work;
using Bailian.Tasks;
using Bailian.Tests.Support;

namespace Bailian.Tests.Editing;

/// <summary>
/// Editing end to end against the emulator, which reads the images it is sent (data URIs, its own
/// result URLs, oss:// uploads) and checks them as DashScope does. Client and emulator share an instant
/// clock so task-only models are waited on without sleeping.
/// </summary>
public sealed class ImageEditingTests : InstantClockEmulatorTests
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

    private ImageSource Local(string name, byte[] bytes) => ImageSource.Classify(_files.Write(name, bytes));

    private async Task<Generated> Edit(EditRequest request, string region = "cn-beijing") =>
        await Clients.For(Transport, Clock)
            .GenerateAsync(EditPlanner.Prepare(request, ModelCatalog.Default), Connect(region), Options, Log, CancellationToken.None);

    private List<RecordedRequest> Posts => Emulator.Control.Requests.Where(r => r.Kind == "api" && r.Method == "POST").ToList();

    private static string Header(RecordedRequest request, string name) =>
        request.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value ?? "";

    [Fact]
    public async Task A_local_JPEG_is_edited_inline_and_the_result_follows_its_shape()
    {
        var photo = Local("portrait.jpg", TestImages.Jpeg(768, 1024));

        var outcome = await Edit(new EditRequest { Prompt = "make it a watercolor", Images = [photo], Name = "portrait" });

        var image = Assert.Single(outcome.Images);
        Assert.Equal(("qwen-image-edit-plus", "make it a watercolor", "portrait"), (image.Model, image.Prompt, image.Name));
        Assert.Equal([photo.Value], image.SourceImages);
        Assert.True(image.Height > image.Width, $"a portrait input gives a portrait output, got {image.Size}");
        var create = Assert.Single(Posts);
        Assert.Contains("\"image\":\"data:image/jpeg;base64,", create.Body, StringComparison.Ordinal);
        Assert.Equal("", Header(create, "X-DashScope-OssResourceResolve"));
    }

    [Fact]
    public async Task Several_kinds_of_input_fuse_in_one_request()
    {
        var generated = (await Clients.For(Transport, Clock).GenerateAsync(
            TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "a dog" }, ModelCatalog.Default), Connect(), Options, Log,
            CancellationToken.None)).Images.Single();
        var inline = "data:image/png;base64," + Convert.ToBase64String(TestImages.Png(512, 512));

        var outcome = await Edit(new EditRequest
        {
            Prompt = "the girl in image 1 hugs the dog from image 2, in the outfit of image 3",
            Images = [Local("girl.webp", TestImages.Webp(800, 1200)), ImageSource.Classify(generated.Url), ImageSource.Classify(inline)],
            Count = 2,
        });

        Assert.Equal(2, outcome.Images.Count);
        Assert.Equal(3, outcome.Images[0].SourceImages.Count);
        Assert.StartsWith("data:image/png;base64,… (", outcome.Images[0].SourceImages[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_uses_one_policy_for_all_files_and_asks_DashScope_to_resolve_oss_URLs()
    {
        var first = Local("a.png", TestImages.Png(600, 600, seed: 1));
        var second = Local("b.png", TestImages.Png(600, 600, seed: 2));

        var outcome = await Edit(new EditRequest { Prompt = "blend them", Images = [first, second], Upload = true });

        Assert.Single(outcome.Images);
        Assert.Single(Emulator.Control.Requests, r => r.Path.EndsWith("/uploads", StringComparison.Ordinal));
        Assert.Equal(2, Emulator.Control.Requests.Count(r => r.Kind == "upload"));
        Assert.Equal(2, Emulator.Control.UploadedObjects.Count);
        Assert.All(Emulator.Control.UploadedObjects, o => Assert.Equal("qwen-image-edit-plus", o.Model));
        var create = Assert.Single(Posts);
        Assert.Equal("enable", Header(create, "X-DashScope-OssResourceResolve"));
        var content = JsonDocument.Parse(create.Body).RootElement.GetProperty("input").GetProperty("messages")[0].GetProperty("content");
        Assert.All(Enumerable.Range(0, 2), i => Assert.StartsWith("oss://", content[i].GetProperty("image").GetString(), StringComparison.Ordinal));
        Assert.DoesNotContain("base64", create.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oss_URL_given_as_it_is_also_gets_the_resolve_header()
    {
        var file = Local("c.png", TestImages.Png(600, 600));
        await Edit(new EditRequest { Prompt = "p", Images = [file], Upload = true });
        var key = Emulator.Control.UploadedObjects.Single().Key;
        Emulator.Control.ClearRequests();

        await Edit(new EditRequest { Prompt = "again", Images = [ImageSource.Classify("oss://" + key)] });

        Assert.Equal("enable", Header(Assert.Single(Posts), "X-DashScope-OssResourceResolve"));
    }

    [Fact]
    public async Task Upload_outside_Beijing_is_refused_before_anything_is_sent()
    {
        var error = await Assert.ThrowsAsync<BailianValidationException>(() =>
            Edit(new EditRequest { Prompt = "p", Images = [Local("d.png", TestImages.Png(600, 600))], Upload = true }, "ap-southeast-1"));

        Assert.Equal("Bailian.UploadUnavailable", error.ErrorId);
        Assert.DoesNotContain(Emulator.Control.Requests, r => r.Kind is "api" or "upload");
    }

    [Fact]
    public async Task Wan25_i2i_is_submitted_as_a_task_and_waited_on()
    {
        var outcome = await Edit(new EditRequest
        {
            Model = "wan2.5-i2i-preview", Prompt = "put the cat on the sofa",
            Images = [Local("cat.png", TestImages.Png(800, 800)), Local("sofa.bmp", TestImages.Bmp(1000, 800))],
        });

        Assert.Single(outcome.Images);
        Assert.EndsWith("/services/aigc/image2image/image-synthesis", Assert.Single(Posts).Path);
        Assert.Equal("enable", Header(Posts[0], "X-DashScope-Async"));
        Assert.Equal(2, outcome.Images[0].SourceImages.Count);
    }

    [Fact]
    public async Task Wanx21_expand_makes_a_bigger_image_and_super_resolution_multiplies_it()
    {
        var beach = Local("beach.png", TestImages.Png(1000, 600));

        var expanded = (await Edit(new EditRequest
        {
            Model = "wanx2.1-imageedit", Prompt = "extend the beach", Function = "expand", Images = [beach], LeftScale = 1.5, RightScale = 1.5,
        })).Images.Single();
        var upscaled = (await Edit(new EditRequest
        {
            Model = "wanx2.1-imageedit", Prompt = "sharper", Function = "super_resolution", Images = [beach], UpscaleFactor = 2,
        })).Images.Single();

        Assert.Equal((2000, 600), await PngSize(expanded.Url));
        Assert.Equal((2000, 1200), await PngSize(upscaled.Url));
    }

    [Fact]
    public async Task A_mask_edit_sends_base_and_mask()
    {
        var outcome = await Edit(new EditRequest
        {
            Model = "wanx2.1-imageedit", Prompt = "a cartoon cat wearing a hat", Function = "description_edit_with_mask",
            Images = [Local("room.png", TestImages.Png(800, 600))], Mask = Local("mask.png", TestImages.Png(800, 600, seed: 9)),
        });

        Assert.Single(outcome.Images);
        var input = JsonDocument.Parse(Posts.Single().Body).RootElement.GetProperty("input");
        Assert.StartsWith("data:image/png;base64,", input.GetProperty("mask_image_url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wan26_image_edits_several_images_in_one_call()
    {
        var outcome = await Edit(new EditRequest
        {
            Model = "wan2.6-image", Prompt = "combine them", Size = "1K",
            Images = [Local("1.jpg", TestImages.Jpeg(1024, 1024)), Local("2.png", TestImages.Png(800, 600))],
        });

        Assert.Single(outcome.Images);
        Assert.EndsWith("/multimodal-generation/generation", Posts.Single().Path);
    }

    [Fact]
    public async Task The_emulators_images_pass_the_clients_own_header_checks()
    {
        foreach (var (name, bytes, format) in new[]
        {
            ("t.png", TestImages.Png(640, 480), ImageFileFormat.Png), ("t.jpg", TestImages.Jpeg(640, 480), ImageFileFormat.Jpeg),
            ("t.gif", TestImages.Gif(640, 480), ImageFileFormat.Gif), ("t.bmp", TestImages.Bmp(640, 480), ImageFileFormat.Bmp),
            ("t.webp", TestImages.Webp(640, 480), ImageFileFormat.Webp),
        })
        {
            var source = Local(name, bytes);
            ImageInspector.Inspect(source);
            Assert.Equal(new ImageHeaderInfo(format, 640, 480), source.Header);
        }

        await Task.CompletedTask;
    }

    private async Task<(int, int)> PngSize(string url)
    {
        var png = await Transport.HttpClient.GetByteArrayAsync(url);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
