using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Emulator;
using Bailian.Emulator.Gateway;
using Bailian.Emulator.Hosting;

namespace Bailian.Tests.Emulator;

/// <summary>The gateway's key check, its two error shapes, its unknown routes, and how it shows in the log and the command line.</summary>
public sealed class GatewayErrorTests
{
    [Theory]
    [InlineData(null, "You didn't provide an API key.")]
    [InlineData("", "You didn't provide an API key.")]
    [InlineData("Bearer ", "You didn't provide an API key.")]
    [InlineData("Bearer sk-wrong", "Incorrect API key provided.")]
    [InlineData("Bearer sk-emulator-beijing", "Incorrect API key provided.")] // a DashScope region's key is another account's
    [InlineData("sk-emulator-gateway", "Incorrect API key provided.")] // no "Bearer "
    [InlineData("Basic sk-emulator-gateway", "Incorrect API key provided.")]
    public async Task A_missing_or_wrong_key_is_401_before_anything_else(string? authorization, string message)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        // The body is bad too: the key is checked first.
        using var response = await GatewayCalls.PostAsync(emulator, GatewayCalls.Generations, "not json", authorization, noKey: authorization is null);

        var error = await GatewayCalls.AssertErrorAsync(response, 401, "authentication_error", "invalid_api_key");
        Assert.StartsWith(message, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scheme_is_case_insensitive_and_the_gateway_key_is_no_dashscope_key()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var lower = await GatewayCalls.PostAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body().ToJsonString(), "bearer " + GatewayCalls.Key);
        using var onDashScope = await emulator.GenerateAsync(Bodies.Generation("qwen-image").ToJsonString(), key: GatewayCalls.Key);

        Assert.Equal(200, (int)lower.StatusCode);
        await EmulatorSession.AssertErrorAsync(onDashScope, 401, "InvalidApiKey");
    }

    [Fact]
    public async Task The_dashscope_shape_carries_dashscopes_codes_and_the_same_status_and_message()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        using var openAI = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { ["size"] = "1024x1024" }));
        var openAIMessage = (await GatewayCalls.AssertErrorAsync(openAI, 400, "invalid_request_error", "invalid_value", "size"))["message"]!.GetValue<string>();
        emulator.Control.Gateway.ErrorShape = GatewayErrorShape.DashScope;

        using var size = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { ["size"] = "1024x1024" }));
        using var model = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body("dall-e-3"));
        using var noModel = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { ["model"] = null }));
        using var key = await GatewayCalls.PostAsync(emulator, GatewayCalls.Generations, "{}", "Bearer sk-wrong");
        using var image = await GatewayCalls.PostAsync(emulator, GatewayCalls.Edits, GatewayCalls.EditBody(
            "qwen-image-edit-plus", [ImageInputs.DataUri(TestImages.Gif(512, 512))[..30] + "@@"]));

        var body = await EmulatorSession.AssertErrorAsync(size, 400, "InvalidParameter", openAIMessage);
        Assert.Equal(["request_id", "code", "message"], body.Select(p => p.Key));
        Assert.Equal(size.Headers.GetValues("X-Request-Id").Single(), body["request_id"]!.GetValue<string>());
        await EmulatorSession.AssertErrorAsync(model, 400, "ModelNotFound");
        await EmulatorSession.AssertErrorAsync(noModel, 400, "BadRequest.EmptyModel");
        await EmulatorSession.AssertErrorAsync(key, 401, "InvalidApiKey", "Incorrect API key provided.");
        await EmulatorSession.AssertErrorAsync(image, 400, "InvalidParameter");
    }

    [Fact]
    public async Task The_shape_switches_back_and_successes_do_not_change()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.Gateway.ErrorShape = GatewayErrorShape.DashScope;
        var ok = await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body());
        emulator.Control.Gateway.ErrorShape = GatewayErrorShape.OpenAI;

        using var refused = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { ["n"] = 2 }));

        Assert.Equal(["created", "data", "usage"], ok.Select(p => p.Key));
        await GatewayCalls.AssertInvalidAsync(refused, "n", "n must be 1");
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.Control.Gateway.ErrorShape = (GatewayErrorShape)7);
    }

    [Fact]
    public async Task The_control_endpoint_sets_the_shape_and_a_bad_value_changes_nothing()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var control = new Uri(emulator.Server.BaseAddress, "_emulator/gateway");

        using var set = await emulator.Http.PutAsync(control + "?errorShape=DashScope", null);
        using var bad = await emulator.Http.PutAsync(control + "?errorShape=xml", null);
        using var read = await emulator.Http.PutAsync(control, null);
        using var refused = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body("dall-e-3"));

        Assert.Equal("""{"errorShape":"dashscope"}""", await set.Content.ReadAsStringAsync());
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("errorShape must be openai or dashscope", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("""{"errorShape":"dashscope"}""", await read.Content.ReadAsStringAsync());
        await EmulatorSession.AssertErrorAsync(refused, 400, "ModelNotFound");
        using var back = await emulator.Http.PutAsync(control + "?errorShape=openai", null);
        Assert.Equal(GatewayErrorShape.OpenAI, emulator.Control.Gateway.ErrorShape);
    }

    [Theory]
    [InlineData("GET", "images/generations")]
    [InlineData("POST", "chat/completions")]
    [InlineData("POST", "images/variations")]
    [InlineData("POST", "")]
    public async Task Anything_else_under_the_gateway_is_an_invalid_url(string method, string route)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(emulator.Server.GatewayBase + "/" + route));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + GatewayCalls.Key);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await emulator.Http.SendAsync(request);

        var error = await GatewayCalls.AssertErrorAsync(response, 404, "invalid_request_error", "unknown_url");
        Assert.StartsWith($"Invalid URL ({method} /gateway/v1/{route})", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_calls_are_logged_as_api_calls_with_the_key_masked()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        await GatewayCalls.OkAsync(emulator, GatewayCalls.Generations, GatewayCalls.Body());
        using var refused = await GatewayCalls.GenerateAsync(emulator, GatewayCalls.Body(extra: new JsonObject { ["n"] = 3 }));

        var log = emulator.Control.Requests;
        Assert.Equal([("api", "/gateway/v1/images/generations", 200), ("api", "/gateway/v1/images/generations", 400)], log.Select(r => (r.Kind, r.Path, r.StatusCode)));
        Assert.All(log, r => Assert.Equal("Bearer ***", r.Headers["Authorization"]));
        Assert.All(log, r => Assert.Null(r.Region));
        Assert.Equal("一只可爱的小猫在花园里玩耍", JsonNode.Parse(log[0].Body)!["prompt"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_standalone_emulator_prints_the_gateways_base_and_key()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var exit = await StandaloneHost.RunAsync(["--urls", "http://127.0.0.1:0"], output, error, stop.Token);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var address = lines[0]["Bailian emulator listening on ".Length..];
        Assert.Matches($@"^  gateway +{address}gateway/v1  key: sk-emulator-gateway  \(OpenAI-style, Gateway/README\.md\)$", lines[4]);
    }
}
