using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>What New-BailianImage binds from the command line, the pipeline and CSV rows, read off what the emulator received.</summary>
public sealed class NewBailianImageBindingTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("New-BailianImage 'a red fox' @Emulator")]
    [InlineData("'a red fox' | New-BailianImage @Emulator")]
    [InlineData("[pscustomobject]@{ Prompt = 'a red fox' } | New-BailianImage @Emulator")]
    [InlineData("[pscustomobject]@{ text = 'a red fox' } | New-BailianImage @Emulator")]
    [InlineData("'prompt', 'a red fox' | ConvertFrom-Csv | New-BailianImage @Emulator")]
    public void The_prompt_binds_by_position_by_value_and_by_property_name(string script)
    {
        var result = _shell.Invoke(script).AssertNoErrors().OnlyOutput();

        Assert.Equal("a red fox", Assert.Single(emulator.ApiRequests).Prompt());
        Assert.Equal("a red fox", result.Text("Prompt"));
    }

    [Fact]
    public void Without_a_prompt_nothing_is_sent()
    {
        var result = _shell.Invoke("New-BailianImage @Emulator");

        Assert.Equal("MissingMandatoryParameter,Bailian.Commands.NewBailianImageCommand", Assert.Single(result.ErrorIds));
        Assert.Empty(emulator.ApiRequests);
    }

    [Fact]
    public void Snake_case_CSV_columns_bind_and_travel_into_the_request()
    {
        _shell.WriteText("rows.csv", """
            prompt,model,size,n,seed,negative_prompt,prompt_extend,watermark,name
            a red fox,wan2.6-t2i,1280x1280,2,42,blurry,yes,1,fox
            """);

        var results = _shell.Invoke("Import-Csv rows.csv | New-BailianImage @Emulator").AssertNoErrors().Output;

        var request = Assert.Single(emulator.ApiRequests);
        Assert.Equal("wan2.6-t2i", request.Json()["model"]!.GetValue<string>());
        AssertParameters(request.Parameters(), new()
        {
            ["size"] = "1280*1280", ["n"] = 2, ["seed"] = 42, ["negative_prompt"] = "blurry", ["prompt_extend"] = true, ["watermark"] = true,
        });
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(("fox", "42"), (r.Text("Name"), r.Text("Seed"))));
    }

    [Fact]
    public void Empty_CSV_cells_count_as_not_given()
    {
        _shell.WriteText("rows.csv", """
            prompt,model,size,n,seed,negative_prompt,prompt_extend,watermark,name
            a red fox,,,,,,,,
            """);

        _shell.Invoke("Import-Csv rows.csv | New-BailianImage @Emulator").AssertNoErrors();

        var request = Assert.Single(emulator.ApiRequests);
        Assert.Equal("qwen-image-plus", request.Json()["model"]!.GetValue<string>());
        // n is always sent: Wan makes (and bills) four images without it.
        AssertParameters(request.Parameters(), new() { ["n"] = 1 });
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void Boolean_columns_take_CSV_text(string text, bool expected)
    {
        _shell.Invoke("[pscustomobject]@{ prompt = 'a red fox'; prompt_extend = $text; watermark = $text } | New-BailianImage @Emulator",
            new Dictionary<string, object?> { ["text"] = text }).AssertNoErrors();

        var parameters = Assert.Single(emulator.ApiRequests).Parameters();
        Assert.Equal((expected, expected), (parameters["prompt_extend"]!.GetValue<bool>(), parameters["watermark"]!.GetValue<bool>()));
    }

    [Fact]
    public void An_Async_column_submits_the_row_as_a_task()
    {
        var task = _shell.Invoke("[pscustomobject]@{ prompt = 'a red fox'; async = 'true' } | New-BailianImage @Emulator")
            .AssertNoErrors().OnlyOutput();

        Assert.Equal("Bailian.ImageTask", task.TypeName());
        var request = Assert.Single(emulator.ApiRequests);
        Assert.EndsWith("/services/aigc/text2image/image-synthesis", request.Path, StringComparison.Ordinal);
        Assert.Equal("enable", request.Header("X-DashScope-Async"));
    }

    [Fact]
    public void Batch_settings_are_the_command_s_and_never_bind_from_a_row()
    {
        // Bound by property name, a ThrottleLimit of 0 would fail its range check.
        _shell.Invoke("[pscustomobject]@{ prompt = 'a red fox'; ThrottleLimit = '0' } | New-BailianImage @Emulator")
            .AssertNoErrors().OnlyOutput();

        Assert.Single(emulator.ApiRequests);
    }

    [Theory]
    [InlineData("sk-emulator-beijing", null)]
    [InlineData("sk-emulator-singapore", "Bailian.InvalidApiKey,Bailian.Commands.NewBailianImageCommand")]
    public void A_plain_text_key_is_taken_and_sent(string key, string? expectedError)
    {
        var result = _shell.Invoke("New-BailianImage 'a red fox' -Endpoint $Emulator.Endpoint -ApiKey $key -MaxRetryCount 0",
            new Dictionary<string, object?> { ["key"] = key });

        Assert.Equal(expectedError is null ? [] : [expectedError], result.ErrorIds);
        Assert.Equal(expectedError is null ? 200 : 401, Assert.Single(emulator.ApiRequests).StatusCode);
    }

    [Fact]
    public void A_SecureString_key_is_taken_and_sent()
    {
        _shell.Invoke("""
            $key = ConvertTo-SecureString -String $Emulator.ApiKey -AsPlainText -Force
            New-BailianImage 'a red fox' -Endpoint $Emulator.Endpoint -ApiKey $key
            """).AssertNoErrors().OnlyOutput();

        Assert.Equal(200, Assert.Single(emulator.ApiRequests).StatusCode);
    }

    private static void AssertParameters(JsonObject actual, Dictionary<string, JsonNode?> expected) =>
        Assert.Equal(
            expected.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value?.ToJsonString()}"),
            actual.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value?.ToJsonString()}"));
}
