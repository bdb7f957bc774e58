using Bailian.Work;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Batch;
using Bailian.Catalog;
using Bailian.Client.OpenAi;
using Bailian.Emulator;
using Bailian.Emulator.Gateway;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Images;
using Bailian.Tests.Batch;
using Bailian.Tests.Support;

namespace Bailian.Tests.Gateway;

/// <summary>The OpenAI-style gateway protocol end to end, over loopback HTTP against the emulator's /gateway/v1.</summary>
public sealed class OpenAiImageApiTests : IClassFixture<ManualClockEmulatorFixture>, IDisposable
{
    private readonly ManualClockEmulatorFixture _emulator;
    private readonly DashScopeTransport _transport = new();
    private readonly RecordingLog _log = new();

    public OpenAiImageApiTests(ManualClockEmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
    }

    public void Dispose() => _transport.Dispose();

    private static TransportOptions Fast => new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) };

    private async Task<IReadOnlyList<ImageResult>> Generate(TextToImageRequest request, string? key = null, TransportOptions? options = null) =>
        (await Clients.For(_transport).GenerateAsync(TextToImagePlanner.Prepare(request, ModelCatalog.Default),
            _emulator.Server.Gateway(key), options ?? new TransportOptions { MaxRetryCount = 0 }, _log, CancellationToken.None)).Images;

    private async Task<IReadOnlyList<ImageResult>> Edit(EditRequest request) =>
        (await Clients.For(_transport).GenerateAsync(EditPlanner.Prepare(request, ModelCatalog.Default),
            _emulator.Server.Gateway(), new TransportOptions { MaxRetryCount = 0 }, _log, CancellationToken.None)).Images;

    private RecordedRequest OnlyApiRequest() => Assert.Single(_emulator.ApiRequests);

    [Fact]
    public async Task Generations_send_the_gateways_fields_with_the_key_as_bearer_and_answer_with_urls()
    {
        var images = await Generate(new TextToImageRequest
        {
            Prompt = "a red fox, watercolor", NegativePrompt = "blurry", Model = "qwen-image-plus", Size = "1664*928",
            Seed = 42, PromptExtend = true, Watermark = false, ResponseFormat = ImageResponseFormat.Url, Name = "fox",
        });

        var request = OnlyApiRequest();
        Assert.Equal(("POST", "/gateway/v1/images/generations", 200), (request.Method, request.Path, request.StatusCode));
        Assert.Equal("""{"prompt":"a red fox, watercolor","model":"qwen-image-plus","size":"1664x928","n":1,"seed":42,"watermark":false,"response_format":"url","optimize_prompt_options":{"enable":true,"negative_prompt":"blurry"}}""",
            request.Body);
        Assert.Equal("Bearer ***", request.Headers.First(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.DoesNotContain(request.Headers.Keys, h => h.StartsWith("X-DashScope", StringComparison.OrdinalIgnoreCase));

        var image = Assert.Single(images);
        Assert.StartsWith(_emulator.Server.BaseAddress + "results/", image.Url);
        Assert.Null(image.Bytes);
        Assert.True(image.ExpiresAt > _emulator.Clock.GetUtcNow().AddHours(23));
        Assert.Equal(("qwen-image-plus", "1664*928", 1664, 928, 42L, "fox", null, _emulator.Server.GatewayBase.ToString().TrimEnd('/')),
            (image.Model, image.Size, image.Width, image.Height, image.Seed, image.Name, image.Region, image.Endpoint!.TrimEnd('/')));
        Assert.False(string.IsNullOrEmpty(image.RowKey));
    }

    [Fact]
    public async Task Only_what_was_given_is_sent_and_n_always()
    {
        await Generate(new TextToImageRequest { Prompt = "a cat" });

        Assert.Equal("""{"prompt":"a cat","model":"qwen-image-plus","n":1}""", OnlyApiRequest().Body);
    }

    [Fact]
    public async Task B64_json_answers_are_images_holding_their_bytes_and_nothing_is_downloaded()
    {
        var images = await Generate(new TextToImageRequest
        {
            Prompt = "a lighthouse", Model = "qwen-image-plus", Size = "1328x1328", Seed = 7, ResponseFormat = ImageResponseFormat.Base64Json,
        });

        Assert.Contains("\"response_format\":\"b64_json\"", OnlyApiRequest().Body);
        var image = Assert.Single(images);
        Assert.Equal("", image.Url);
        Assert.Null(image.ExpiresAt);
        using var stream = new MemoryStream(image.Bytes!);
        var header = ImageHeader.Read(stream);
        Assert.Equal((ImageFileFormat.Png, 1328, 1328), (header!.Format, header.Width, header.Height));
        Assert.Equal((1328, 1328), (image.Width, image.Height));
        Assert.Empty(_emulator.Downloads);
    }

    [Fact]
    public async Task The_same_request_as_url_and_as_b64_json_is_the_same_image()
    {
        var request = new TextToImageRequest { Prompt = "twin", Seed = 11, Size = "1328x1328" };
        var byUrl = Assert.Single(await Generate(request));
        request.ResponseFormat = ImageResponseFormat.Base64Json;
        var byBytes = Assert.Single(await Generate(request));

        using var http = new System.Net.Http.HttpClient();
        Assert.Equal(await http.GetByteArrayAsync(byUrl.Url), byBytes.Bytes);
    }

    [Fact]
    public async Task Edits_post_json_with_local_files_inline_as_data_uris_and_urls_as_they_are()
    {
        var first = Assert.Single(await Generate(new TextToImageRequest { Prompt = "a red bicycle", Seed = 3 }));
        using var folder = new TempFolder();
        var local = Path.Combine(folder.Path, "input.png");
        File.WriteAllBytes(local, ImageBytes.Png(512, 512));
        _emulator.Control.ClearRequests();

        var images = await Edit(new EditRequest
        {
            Prompt = "make it blue", Model = "qwen-image-edit-plus", Count = 2, Size = "1024x1024",
            Images = [ImageSource.Classify(local), ImageSource.Classify(first.Url)],
        });

        var request = OnlyApiRequest();
        Assert.Equal(("/gateway/v1/images/edits", 200), (request.Path, request.StatusCode));
        using var body = JsonDocument.Parse(request.Body);
        var image = body.RootElement.GetProperty("image").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, image.Count);
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(File.ReadAllBytes(local)), image[0]);
        Assert.Equal(first.Url, image[1]);
        Assert.Equal(("qwen-image-edit-plus", "1024x1024", 2), (body.RootElement.GetProperty("model").GetString(),
            body.RootElement.GetProperty("size").GetString(), body.RootElement.GetProperty("n").GetInt32()));
        Assert.Equal(2, images.Count);
        Assert.All(images, i => Assert.Equal(2, i.SourceImages.Count));
    }

    [Theory]
    [InlineData(GatewayErrorShape.OpenAI, "model_not_found")]
    [InlineData(GatewayErrorShape.DashScope, "ModelNotFound")]
    public async Task A_model_the_gateway_does_not_serve_is_ModelNotFound_in_either_shape(GatewayErrorShape shape, string code)
    {
        _emulator.Control.Gateway.ErrorShape = shape;

        var error = await Assert.ThrowsAsync<GatewayException>(() => Generate(new TextToImageRequest { Prompt = "a cat", Model = "dall-e-3" }));

        Assert.Equal((ErrorIds.ModelNotFound, 400, code, false), (error.ErrorId, (int)error.StatusCode, error.Code, error.IsTransient));
        Assert.Contains("dall-e-3", error.Message);
        Assert.Single(_emulator.ApiRequests);
    }

    [Theory]
    [InlineData(GatewayErrorShape.OpenAI)]
    [InlineData(GatewayErrorShape.DashScope)]
    public async Task A_value_the_gateway_refuses_is_InvalidParameter_naming_it(GatewayErrorShape shape)
    {
        _emulator.Control.Gateway.ErrorShape = shape;

        // The catalog allows 1-4 images of wan2.6-t2i; the gateway serves one for any model it does not list.
        var error = await Assert.ThrowsAsync<GatewayException>(() => Generate(new TextToImageRequest { Prompt = "a cat", Model = "wan2.6-t2i", Count = 2 }));

        Assert.Equal((ErrorIds.InvalidParameter, BailianErrorCategory.InvalidArgument), (error.ErrorId, error.Category));
        Assert.StartsWith("The gateway answered 400", error.Message);
        Assert.Contains(shape == GatewayErrorShape.DashScope ? "(request id " : "(param n)", error.Message);
    }

    [Theory]
    [InlineData(GatewayErrorShape.OpenAI)]
    [InlineData(GatewayErrorShape.DashScope)]
    public async Task A_wrong_key_is_InvalidApiKey_and_the_key_appears_nowhere(GatewayErrorShape shape)
    {
        _emulator.Control.Gateway.ErrorShape = shape;
        const string wrong = "sk-wrong-gateway-key-0123456789";

        var error = await Assert.ThrowsAsync<GatewayException>(() => Generate(new TextToImageRequest { Prompt = "a cat" }, key: wrong));

        Assert.Equal((ErrorIds.InvalidApiKey, BailianErrorCategory.AuthenticationError), (error.ErrorId, error.Category));
        Assert.Contains("a gateway's key is its own", error.Message);
        Assert.DoesNotContain(wrong, error.ToString());
        Assert.DoesNotContain(EmulatorServer.GatewayApiKey, error.ToString());
        Assert.DoesNotContain(_log.Lines, line => line.Contains(wrong) || line.Contains(EmulatorServer.GatewayApiKey));
    }

    [Theory]
    [InlineData(GatewayErrorShape.OpenAI)]
    [InlineData(GatewayErrorShape.DashScope)]
    public async Task Throttling_and_server_errors_are_transient_with_Retry_After(GatewayErrorShape shape)
    {
        _emulator.Control.Gateway.ErrorShape = shape;
        _emulator.Control.EnqueueApiFault(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(3)));
        _emulator.Control.EnqueueApiFault(EmulatorFault.ServiceUnavailable());

        var throttled = await Assert.ThrowsAsync<GatewayException>(() => Generate(new TextToImageRequest { Prompt = "a cat" }));
        var unavailable = await Assert.ThrowsAsync<GatewayException>(() => Generate(new TextToImageRequest { Prompt = "a cat" }));

        Assert.Equal((ErrorIds.Throttled, true, TimeSpan.FromSeconds(3)), (throttled.ErrorId, throttled.IsTransient, throttled.RetryAfter));
        Assert.Equal((ErrorIds.ServerError, true), (unavailable.ErrorId, unavailable.IsTransient));
    }

    [Fact]
    public async Task A_base_url_one_level_off_is_a_404_that_says_what_Endpoint_must_be()
    {
        var gateway = _emulator.Server.Gateway();
        var wrong = new Bailian.Connection.DashScopeConnection(Bailian.Connection.DashScopeEndpoint.Gateway(gateway.Endpoint.BaseUrl + "/images", "-Endpoint"), gateway.ApiKey);

        var error = await Assert.ThrowsAsync<GatewayException>(() => Clients.For(_transport).Images.CreateAsync(
            TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "a cat" }, ModelCatalog.Default), wrong, new TransportOptions { MaxRetryCount = 0 }, _log,
            CancellationToken.None));

        Assert.Equal((ErrorIds.ApiError, BailianErrorCategory.ObjectNotFound, "unknown_url"), (error.ErrorId, error.Category, error.Code));
        Assert.Contains("must be the gateway's base", error.Message);
    }

    [Fact]
    public async Task A_batch_waits_out_the_gateways_429s_through_the_models_gate_and_no_row_fails()
    {
        _emulator.Control.EnqueueApiFault(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)), 2);

        var outcomes = await new BatchRunner(_transport, new BatchOptions { ThrottleLimit = 3, Transport = Fast })
            .RunAsync(_emulator.Server.Gateway(), Enumerable.Range(1, 4).Select(i => new TextToImageRequest { Prompt = $"row {i}", Seed = i }));

        Assert.Equal(4, outcomes.Count);
        Assert.All(outcomes, o => Assert.Single(o.Images));
        Assert.Equal(2, _emulator.ApiRequests.Count(r => r.StatusCode == 429));
        Assert.Equal(6, _emulator.ApiRequests.Count(r => r.Path.EndsWith("/images/generations", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_cut_answer_is_OutcomeUnknown_and_never_sent_again()
    {
        _emulator.Control.EnqueueApiFault(EmulatorFault.DropConnection());

        var outcomes = await new BatchRunner(_transport, new BatchOptions { ThrottleLimit = 1, Transport = Fast })
            .RunAsync(_emulator.Server.Gateway(), [new TextToImageRequest { Prompt = "billed maybe" }]);

        var failure = Assert.Single(Assert.Single(outcomes).Failures);
        Assert.Equal(ErrorIds.OutcomeUnknown, failure.ErrorId);
        // The message names where the request went, not DashScope: a gateway bills by its own account.
        Assert.Contains("/gateway/v1/images/generations", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DashScope", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Model Studio", failure.Message, StringComparison.Ordinal);
        Assert.Single(_emulator.ApiRequests);
    }

    [Fact]
    public async Task A_200_whose_image_is_not_readable_is_OutcomeUnknown()
    {
        var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "x" }, ModelCatalog.Default);
        var answer = new OpenAiImagesResponse { Data = [new OpenAiImageData { B64Json = "not base64 at all!" }] };

        var error = Assert.Throws<OutcomeUnknownException>(() =>
            OpenAiAnswerReader.Read(answer, prepared, _emulator.Server.Gateway().Endpoint, new Uri("http://127.0.0.1/gateway/v1/images/generations"), DateTimeOffset.UtcNow));
        Assert.Contains("neither a URL nor base64", error.Message);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_success_without_images_is_NoImages()
    {
        var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "x" }, ModelCatalog.Default);

        var error = Assert.Throws<BailianException>(() => OpenAiAnswerReader.Read(new OpenAiImagesResponse { Data = [] }, prepared,
            _emulator.Server.Gateway().Endpoint, new Uri("http://127.0.0.1/gateway/v1/images/generations"), DateTimeOffset.UtcNow));
        Assert.Equal(ErrorIds.NoImages, error.ErrorId);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("async")]
    [InlineData("upload")]
    [InlineData("oss")]
    [InlineData("endpoint-family")]
    [InlineData("prompt-extend-mode")]
    public async Task DashScopes_options_are_refused_before_anything_is_sent(string what)
    {
        using var folder = new TempFolder();
        var local = Path.Combine(folder.Path, "input.png");
        File.WriteAllBytes(local, ImageBytes.Png(512, 512));
        var prepared = what switch
        {
            "async" => TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "x", Async = true }, ModelCatalog.Default),
            "endpoint-family" => TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "x", Model = "my-model", EndpointFamily = EndpointFamily.MultimodalGeneration },
                ModelCatalog.Default),
            "prompt-extend-mode" => TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "x", Model = "qwen-image-3.0", PromptExtendMode = "direct" }, ModelCatalog.Default),
            _ => EditPlanner.Prepare(new EditRequest
            {
                Prompt = "x", Upload = what == "upload",
                Images = [ImageSource.Classify(what == "oss" ? "oss://bucket/a.png" : local)],
            }, ModelCatalog.Default),
        };

        var outcomes = new List<RowOutcome>();
        using (var engine = Clients.For(_transport).NewBatch(new BatchOptions { Transport = Fast }, outcomes.Add, NullLog.Instance))
        {
            await engine.AddAsync(new BatchRow(1, prepared, _emulator.Server.Gateway(), "row"), CancellationToken.None);
            await engine.CompleteAsync();
        }

        Assert.Equal(ErrorIds.NotOnGateway, Assert.Single(Assert.Single(outcomes).Failures).ErrorId);
        Assert.DoesNotContain(_emulator.Control.Requests, r => r.Kind is "api" or "upload");
    }

    [Fact]
    public async Task ResponseFormat_is_refused_on_DashScope_before_anything_is_sent()
    {
        var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "x", ResponseFormat = ImageResponseFormat.Base64Json }, ModelCatalog.Default);

        var error = await Assert.ThrowsAsync<BailianValidationException>(() =>
            Clients.For(_transport).Images.CreateAsync(prepared, _emulator.Connect(), Fast, _log, CancellationToken.None));

        Assert.Equal(ErrorIds.GatewayOnly, error.ErrorId);
        Assert.Empty(_emulator.ApiRequests);
    }

    [Fact]
    public void WhatIf_names_the_gateway_url()
    {
        var prepared = TextToImagePlanner.Prepare(new TextToImageRequest { Prompt = "a cat" }, ModelCatalog.Default);

        var text = Client.BailianClient.WhatIfText(prepared, _emulator.Server.Gateway().Endpoint);

        Assert.Equal($"1 image with qwen-image-plus at the gateway's default size: \"a cat\" via POST {_emulator.Server.GatewayBase.ToString().TrimEnd('/')}/images/generations", text);
    }
}
