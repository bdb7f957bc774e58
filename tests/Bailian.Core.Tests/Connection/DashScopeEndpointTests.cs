using Bailian.Connection;

namespace Bailian.Tests.Connection;

public class DashScopeEndpointTests
{
    private static DashScopeEndpoint Select(string? endpoint = null, string? region = null, string? sessionEndpoint = null,
        string? sessionRegion = null, string? environment = null, string? workspace = null) =>
        DashScopeEndpoint.Select(endpoint, region, sessionEndpoint, sessionRegion, environment, workspace);

    [Theory]
    [InlineData("Beijing", "cn-beijing", "https://dashscope.aliyuncs.com/api/v1")]
    [InlineData("cn-beijing", "cn-beijing", "https://dashscope.aliyuncs.com/api/v1")]
    [InlineData("singapore", "ap-southeast-1", "https://dashscope-intl.aliyuncs.com/api/v1")]
    [InlineData("AP-SOUTHEAST-1", "ap-southeast-1", "https://dashscope-intl.aliyuncs.com/api/v1")]
    [InlineData("Virginia", "us-east-1", "https://dashscope-us.aliyuncs.com/api/v1")]
    [InlineData("us-east-1", "us-east-1", "https://dashscope-us.aliyuncs.com/api/v1")]
    public void Regions_are_found_by_friendly_name_or_id(string region, string id, string baseUrl)
    {
        var endpoint = Select(region: region);
        Assert.Equal(id, endpoint.Region?.Id);
        Assert.Equal(baseUrl, endpoint.BaseUrl.ToString());
    }

    [Fact]
    public void Beijing_is_the_default_as_in_the_official_SDKs() =>
        Assert.Equal("https://dashscope.aliyuncs.com/api/v1", Select().BaseUrl.ToString());

    [Fact]
    public void An_unknown_region_lists_the_known_ones()
    {
        var error = Assert.Throws<BailianConfigurationException>(() => Select(region: "Mars"));
        Assert.Equal("Bailian.UnknownRegion", error.ErrorId);
        Assert.Contains("Singapore (ap-southeast-1)", error.Message);
    }

    [Fact]
    public void Frankfurt_needs_a_workspace_and_then_uses_the_dedicated_domain()
    {
        Assert.Equal("Bailian.WorkspaceRequired", Assert.Throws<BailianConfigurationException>(() => Select(region: "Frankfurt")).ErrorId);
        var endpoint = Select(region: "Frankfurt", workspace: "ws-123");
        Assert.Equal("https://ws-123.eu-central-1.maas.aliyuncs.com/api/v1", endpoint.BaseUrl.ToString());
        Assert.Equal("ws-123", endpoint.Workspace);
    }

    [Fact]
    public void Parameter_beats_session_beats_environment()
    {
        const string env = "https://env.example.com/api/v1";
        Assert.Equal("https://explicit.example.com/api/v1", Select("https://explicit.example.com/api/v1", "Singapore", "https://session.example.com", null, env).BaseUrl.ToString());
        Assert.Equal("ap-southeast-1", Select(null, "Singapore", "https://session.example.com", null, env).Region?.Id);
        Assert.Equal("https://session.example.com/api/v1", Select(null, null, "https://session.example.com", null, env).BaseUrl.ToString());
        Assert.Equal("us-east-1", Select(null, null, null, "Virginia", env).Region?.Id);
        Assert.Equal(env, Select(environment: env).BaseUrl.ToString());
    }

    [Fact]
    public void A_region_that_contradicts_a_known_endpoint_is_refused_and_one_that_names_a_proxy_s_region_is_kept()
    {
        var error = Assert.Throws<BailianConfigurationException>(() => Select("https://dashscope.aliyuncs.com/api/v1", "Singapore"));

        Assert.Equal("Bailian.InvalidEndpoint", error.ErrorId);
        Assert.Contains("(cn-beijing), but -Region is Singapore (ap-southeast-1)", error.Message);
        Assert.Equal("cn-beijing", Select("https://dashscope.aliyuncs.com/api/v1", "cn-beijing").Region?.Id);
        Assert.Equal("ap-southeast-1", Select("https://proxy.example.com/api/v1", "Singapore").Region?.Id);
    }

    [Fact]
    public void Plain_http_is_refused_except_on_loopback()
    {
        var error = Assert.Throws<BailianConfigurationException>(() => Select("http://dashscope.aliyuncs.com/api/v1?token=x"));
        Assert.Equal("Bailian.InsecureEndpoint", error.ErrorId);
        Assert.StartsWith("-Endpoint 'http://dashscope.aliyuncs.com/api/v1' uses plain http", error.Message); // the URL as given, not its query
        Assert.Equal("http://127.0.0.1:8765/api/v1", Select("http://127.0.0.1:8765/api/v1").BaseUrl.ToString());
        Assert.Equal("http://localhost:8765/api/v1", Select("http://localhost:8765").BaseUrl.ToString());
        Assert.Equal("http://[::1]:8765/api/v1", Select("http://[::1]:8765/api/v1/").BaseUrl.ToString());
        Assert.Equal("Bailian.InsecureEndpoint",
            Assert.Throws<BailianConfigurationException>(() => Select(environment: "http://10.0.0.5/api/v1")).ErrorId);
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("dashscope.aliyuncs.com")]
    public void Non_http_endpoints_are_refused(string endpoint) =>
        Assert.Equal("Bailian.InvalidEndpoint", Assert.Throws<BailianConfigurationException>(() => Select(endpoint)).ErrorId);

    [Theory]
    [InlineData("https://dashscope-intl.aliyuncs.com/api/v1", "ap-southeast-1")]
    [InlineData("https://ws1.cn-beijing.maas.aliyuncs.com/api/v1", "cn-beijing")]
    [InlineData("http://127.0.0.1:9/us-east-1/api/v1", "us-east-1")]
    public void The_region_of_an_endpoint_is_recognised(string url, string region) =>
        Assert.Equal(region, Select(url).Region?.Id);

    [Fact]
    public void A_foreign_endpoint_has_no_region_and_paths_resolve_under_it()
    {
        var endpoint = Select("https://proxy.example.com/dashscope/api/v1/");
        Assert.Null(endpoint.Region);
        Assert.Equal("https://proxy.example.com/dashscope/api/v1/tasks/abc", endpoint.Resolve("tasks/abc").ToString());
    }
}
