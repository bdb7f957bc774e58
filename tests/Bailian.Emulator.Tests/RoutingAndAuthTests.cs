using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

public sealed class RoutingAndAuthTests
{
    private const string Wan = "wan2.6-t2i";

    [Theory]
    [InlineData("cn-beijing", "ap-southeast-1")]
    [InlineData("ap-southeast-1", "us-east-1")]
    [InlineData("us-east-1", "cn-beijing")]
    public async Task A_key_from_another_region_is_an_invalid_key(string region, string keyRegion)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(Wan).ToJsonString(), region, EmulatorSession.Key(keyRegion));

        await EmulatorSession.AssertErrorAsync(response, 401, "InvalidApiKey", "Invalid API-key provided.");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer   ")]
    public async Task A_missing_or_empty_key_is_no_api_key(string? authorization)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation(Wan).ToJsonString(), configure: request =>
        {
            request.Headers.Authorization = null;
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
        });

        await EmulatorSession.AssertErrorAsync(response, 401, "InvalidApiKey", "No API-key provided.");
    }

    [Theory]
    [InlineData("cn-beijing")]
    [InlineData("ap-southeast-1")]
    [InlineData("us-east-1")]
    public async Task Each_region_accepts_its_own_key(string region)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var body = await emulator.GenerateOkAsync(Bodies.Generation(Wan), region);

        Assert.NotEmpty(EmulatorSession.ImageUrls(body));
        Assert.Equal(region, emulator.Control.Requests.Single().Region);
    }

    [Fact]
    public async Task The_bare_api_path_is_Beijing()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var bare = new Uri(emulator.Server.BaseAddress, "api/v1" + EmulatorSession.GenerationPath);

        using var beijing = await SendAsync(emulator, bare, EmulatorSession.Key("cn-beijing"));
        using var singapore = await SendAsync(emulator, bare, EmulatorSession.Key("ap-southeast-1"));

        Assert.Equal(200, (int)beijing.StatusCode);
        await EmulatorSession.AssertErrorAsync(singapore, 401, "InvalidApiKey", "Invalid API-key provided.");
        Assert.All(emulator.Control.Requests, r => Assert.Equal("cn-beijing", r.Region));
    }

    [Fact]
    public async Task The_async_header_is_refused_on_the_sync_endpoint()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(
            Bodies.Generation(Wan).ToJsonString(), configure: r => r.Headers.Add("X-DashScope-Async", "enable"));

        await EmulatorSession.AssertErrorAsync(response, 403, "AccessDenied", "current user api does not support asynchronous calls");
    }

    [Fact]
    public async Task An_unknown_model_is_not_found()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GenerateAsync(Bodies.Generation("qwen-image-9000"));

        await EmulatorSession.AssertErrorAsync(response, 404, "ModelNotFound", "Model not exist.");
    }

    [Theory]
    [InlineData("qwen-image-max")]
    [InlineData("qwen-image-plus")]
    [InlineData("qwen-image-2.0-pro")]
    public async Task A_model_not_served_in_the_region_is_not_found(string model)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var virginia = await emulator.GenerateAsync(Bodies.Generation(model), "us-east-1");
        using var singapore = await emulator.GenerateAsync(Bodies.Generation(model), "ap-southeast-1");

        await EmulatorSession.AssertErrorAsync(virginia, 404, "ModelNotFound", "Model not exist.");
        Assert.Equal(200, (int)singapore.StatusCode);
    }

    [Fact]
    public async Task Every_answer_has_a_fresh_request_id_in_body_and_header()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var ok = await emulator.GenerateAsync(Bodies.Generation(Wan));
        using var error = await emulator.GenerateAsync(Bodies.Generation("no-such-model"));
        var okBody = await EmulatorSession.ReadJsonAsync(ok);
        var errorBody = await EmulatorSession.ReadJsonAsync(error);

        var ids = new[] { okBody, errorBody }.Select(b => b["request_id"]!.GetValue<string>()).ToList();
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _)));
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(ids[0], ok.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal(ids[1], error.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_url_error()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var uri = new Uri(emulator.Server.ApiBase() + "/services/aigc/no-such/thing");

        using var response = await SendAsync(emulator, uri, EmulatorSession.Key("cn-beijing"));
        using var get = await emulator.Http.GetAsync(emulator.GenerationUri());

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", "url error, please check url!");
        Assert.Equal(401, (int)get.StatusCode); // the key is checked before the path, as on the service
    }

    [Fact]
    public async Task An_unknown_region_prefix_is_not_found()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var uri = new Uri(emulator.Server.BaseAddress, "eu-central-1/api/v1" + EmulatorSession.GenerationPath);

        using var response = await SendAsync(emulator, uri, EmulatorSession.Key("cn-beijing"));

        var body = await EmulatorSession.AssertErrorAsync(response, 404, "NotFound");
        Assert.Contains("eu-central-1", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Addresses_and_keys_have_the_documented_shape()
    {
        await using var server = await EmulatorServer.StartAsync();
        var port = server.BaseAddress.Port;

        Assert.Equal($"http://127.0.0.1:{port}/", server.BaseAddress.AbsoluteUri);
        Assert.Equal($"http://127.0.0.1:{port}/cn-beijing/api/v1", server.ApiBase().AbsoluteUri);
        Assert.Equal($"http://127.0.0.1:{port}/us-east-1/api/v1", server.ApiBase("us-east-1").AbsoluteUri);
        Assert.Throws<ArgumentException>(() => server.ApiBase("eu-central-1"));
        Assert.Equal(
            ["ap-southeast-1:sk-emulator-singapore", "cn-beijing:sk-emulator-beijing", "us-east-1:sk-emulator-virginia"],
            EmulatorServer.ApiKeys.Select(p => $"{p.Key}:{p.Value}").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://192.168.1.10:0")]
    [InlineData("http://example.com:0")]
    [InlineData("http://[::]:0")]
    [InlineData("https://127.0.0.1:0")]
    [InlineData("http://127.0.0.1:0/some/path")]
    [InlineData("http://127.0.0.1:0;http://10.0.0.1:0")]
    public async Task Urls_that_are_not_one_loopback_http_address_are_refused(string urls)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(new EmulatorOptions { Urls = urls }));
    }

    [Fact]
    public async Task Localhost_urls_listen_on_127_0_0_1()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Urls = "http://localhost:0" });
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.BaseAddress, "_emulator/requests"));

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal(200, (int)response.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(EmulatorSession emulator, Uri uri, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(Bodies.Generation(Wan).ToJsonString()),
        };
        request.Headers.Authorization = new("Bearer", key);
        return await emulator.Http.SendAsync(request);
    }
}
