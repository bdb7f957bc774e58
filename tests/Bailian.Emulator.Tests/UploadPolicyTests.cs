using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Emulator;

/// <summary><c>GET {base}/uploads?action=getPolicy&amp;model=..</c> (API doc §6.1): the fixture's shape, Beijing only, 100 a second.</summary>
public sealed class UploadPolicyTests
{
    [Fact]
    public async Task A_policy_has_the_fixtures_shape_and_points_at_the_emulator()
    {
        var clock = TaskCalls.NewClock(); // 2026-03-01 16:00:00.250 in Beijing
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        using var response = await emulator.GetPolicyAsync("qwen-vl-plus");
        var json = await EmulatorSession.ReadJsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["data", "request_id"], TaskCalls.Keys(json));
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), json["request_id"]!.GetValue<string>());
        var data = json["data"]!;
        Assert.Equal(
            ["policy", "signature", "upload_dir", "upload_host", "expire_in_seconds", "max_file_size_mb", "capacity_limit_mb",
             "oss_access_key_id", "x_oss_object_acl", "x_oss_forbid_overwrite"],
            TaskCalls.Keys(data));
        var uploadDir = data["upload_dir"]!.GetValue<string>();
        Assert.Matches("^dashscope-instant/[0-9a-f]{32}/2026-03-01/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", uploadDir);
        Assert.Equal(emulator.Server.BaseAddress.AbsoluteUri + "oss-upload", data["upload_host"]!.GetValue<string>());
        Assert.Matches("^[A-Za-z0-9+/]{27}=$", data["signature"]!.GetValue<string>());
        Assert.Equal(300, data["expire_in_seconds"]!.GetValue<int>());
        Assert.Equal(1024, data["max_file_size_mb"]!.GetValue<int>());
        Assert.Equal(999999999, data["capacity_limit_mb"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(data["oss_access_key_id"]!.GetValue<string>()));
        Assert.Equal("private", data["x_oss_object_acl"]!.GetValue<string>());
        Assert.Equal("true", data["x_oss_forbid_overwrite"]!.GetValue<string>());

        var policy = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(data["policy"]!.GetValue<string>())))!;
        Assert.Equal("2026-03-01T08:05:00.250Z", policy["expiration"]!.GetValue<string>());
        Assert.Equal(
            $$"""[["content-length-range",0,1073741824],["starts-with","$key","{{uploadDir}}"],{"bucket":"dashscope-file-mgr"},{"x-oss-object-acl":"private"},{"x-oss-forbid-overwrite":"true"}]""",
            policy["conditions"]!.ToJsonString());
    }

    [Fact]
    public async Task Every_policy_has_its_own_directory_under_one_account()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        var first = await emulator.PolicyAsync();
        var second = await emulator.PolicyAsync();

        var a = first["upload_dir"]!.GetValue<string>().Split('/');
        var b = second["upload_dir"]!.GetValue<string>().Split('/');
        Assert.Equal(a[..3], b[..3]);
        Assert.NotEqual(a[3], b[3]);
        Assert.NotEqual(first["signature"]!.GetValue<string>(), second["signature"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_bare_api_root_is_beijing_and_serves_policies()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.Server.BaseAddress, "api/v1/uploads?action=getPolicy&model=wan2.5-i2i-preview"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorSession.Key("cn-beijing"));

        using var response = await emulator.Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("ap-southeast-1")]
    [InlineData("us-east-1")]
    public async Task Other_regions_have_no_temporary_storage(string region)
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var response = await emulator.GetPolicyAsync(region: region);

        await EmulatorSession.AssertErrorAsync(response, 400, "InvalidParameter", "The temporary storage is only available in China (Beijing).");
    }

    [Fact]
    public async Task The_model_and_the_action_are_required()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        using var noModel = await emulator.GetPolicyAsync(model: null);
        using var emptyModel = await emulator.GetPolicyAsync(model: "");
        using var noAction = await emulator.GetPolicyAsync(action: null);
        using var otherAction = await emulator.GetPolicyAsync(action: "list");

        await EmulatorSession.AssertErrorAsync(noModel, 400, "BadRequest.EmptyModel");
        await EmulatorSession.AssertErrorAsync(emptyModel, 400, "BadRequest.EmptyModel");
        await EmulatorSession.AssertErrorAsync(noAction, 400, "InvalidParameter", "The parameter action must be getPolicy.");
        await EmulatorSession.AssertErrorAsync(otherAction, 400, "InvalidParameter", "The parameter action must be getPolicy.");
    }

    [Fact]
    public async Task A_policy_needs_the_regions_key_and_takes_queued_faults()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        emulator.Control.EnqueueApiFault(EmulatorFault.ServiceUnavailable());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.Server.ApiBase() + "/uploads?action=getPolicy&model=x"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorSession.Key("ap-southeast-1"));

        using var faulted = await emulator.GetPolicyAsync();
        using var wrongKey = await emulator.Http.SendAsync(request);

        await EmulatorSession.AssertErrorAsync(faulted, 503, "ModelUnavailable");
        await EmulatorSession.AssertErrorAsync(wrongKey, 401, "InvalidApiKey");
    }

    [Fact]
    public async Task The_101st_policy_for_a_model_in_a_second_is_throttled()
    {
        var clock = TaskCalls.NewClock();
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });

        var statuses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await emulator.GetPolicyAsync("qwen-image-edit-plus");
            return (int)response.StatusCode;
        }));
        using var throttled = await emulator.GetPolicyAsync("qwen-image-edit-plus");
        using var otherModel = await emulator.GetPolicyAsync("wan2.5-i2i-preview");
        clock.Advance(TimeSpan.FromMilliseconds(999));
        using var stillThrottled = await emulator.GetPolicyAsync("qwen-image-edit-plus");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var again = await emulator.GetPolicyAsync("qwen-image-edit-plus");

        Assert.All(statuses, s => Assert.Equal(200, s));
        await EmulatorSession.AssertErrorAsync(throttled, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(200, (int)otherModel.StatusCode); // per account and model (API doc §6.1)
        Assert.Equal(429, (int)stillThrottled.StatusCode);
        Assert.Equal(200, (int)again.StatusCode);
    }

    [Fact]
    public async Task Policy_calls_are_logged_as_api_calls_without_the_key()
    {
        await using var emulator = await EmulatorSession.StartAsync();

        await emulator.PolicyAsync("qwen-image-edit-max");

        var logged = emulator.Control.Requests.Single();
        Assert.Equal(("api", "GET", "/cn-beijing/api/v1/uploads", "action=getPolicy&model=qwen-image-edit-max", "cn-beijing", 200),
            (logged.Kind, logged.Method, logged.Path, logged.Query, logged.Region, logged.StatusCode));
        Assert.Equal("Bearer ***", logged.Headers["Authorization"]);
    }
}
