using System;
using System.Linq;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>Connect-Bailian -ConfigFile with the Python tool's config.json (seed 000): its key, and its model as the session's default.</summary>
public sealed class ConnectBailianConfigFileTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose()
    {
        _shell.Invoke("Disconnect-Bailian");
        _shell.Dispose();
    }

    private void WriteConfig(string model = "\"MODEL\": \"qwen-image-max\"") =>
        _shell.WriteText("config.json", $$"""
            {
                "DASHSCOPE_API_KEY": "{{EmulatorFixture.BeijingKey}}",  // 必填：你的API密钥
                {{model}}
            }
            """);

    private string SentModel() => Assert.Single(emulator.ApiRequests).Json()["model"]!.GetValue<string>();

    [Fact]
    public void New_BailianImage_uses_the_config_s_model_and_key()
    {
        WriteConfig();

        _shell.Invoke("Connect-Bailian -ConfigFile ./config.json -Endpoint $Emulator.Endpoint").AssertNoErrors();
        _shell.Invoke("New-BailianImage 'a cat'").AssertNoErrors().OnlyOutput();

        // The emulator answers 200 only to its region's key, and no other key source is set in this process.
        Assert.Equal("qwen-image-max", SentModel());
        Assert.Equal(200, Assert.Single(emulator.ApiRequests).StatusCode);
    }

    [Fact]
    public void A_MODEL_the_catalog_does_not_know_is_a_warning_at_connect_time()
    {
        // A first-time user's typo: accepted silently, then every New-BailianImage failed with ModelNotFound.
        WriteConfig("\"MODEL\": \"qwen-imag-max\"");

        var result = _shell.Invoke("Connect-Bailian -ConfigFile ./config.json -Endpoint $Emulator.Endpoint").AssertNoErrors();

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("MODEL 'qwen-imag-max' is not in Bailian's catalog", warning, StringComparison.Ordinal);
        Assert.Contains("qwen-image-max", warning, StringComparison.Ordinal);
        Assert.Empty(emulator.ApiRequests);
    }

    [Fact]
    public void A_MODEL_the_catalog_knows_is_no_warning()
    {
        WriteConfig();

        Assert.Empty(_shell.Invoke("Connect-Bailian -ConfigFile ./config.json -Endpoint $Emulator.Endpoint").AssertNoErrors().Warnings);
    }

    [Fact]
    public void The_config_s_key_is_the_one_sent()
    {
        _shell.WriteText("config.json", """{ "DASHSCOPE_API_KEY": "sk-not-a-real-key-0123456789abcdef", "MODEL": "qwen-image-max" }""");

        _shell.Invoke("Connect-Bailian -ConfigFile ./config.json -Endpoint $Emulator.Endpoint").AssertNoErrors();
        var result = _shell.Invoke("New-BailianImage 'a cat' -MaxRetryCount 0");

        Assert.StartsWith("Bailian.InvalidApiKey,", Assert.Single(result.ErrorIds), StringComparison.Ordinal);
        Assert.Equal(401, Assert.Single(emulator.ApiRequests).StatusCode);
    }

    [Theory]
    [InlineData("New-BailianImage 'a cat' -Model wan2.6-t2i")]
    [InlineData("[pscustomobject]@{ prompt = 'a cat'; model = 'wan2.6-t2i' } | New-BailianImage")]
    public void The_command_line_s_model_and_a_row_s_model_column_still_win(string script)
    {
        WriteConfig();
        _shell.Invoke("Connect-Bailian -ConfigFile ./config.json -Endpoint $Emulator.Endpoint").AssertNoErrors();

        _shell.Invoke(script).AssertNoErrors();

        Assert.Equal("wan2.6-t2i", SentModel());
    }

    [Fact]
    public void Without_MODEL_the_default_is_the_tool_s_and_Disconnect_Bailian_forgets_it()
    {
        WriteConfig(model: "\"OUTPUT_DIR\": \"./output\"");

        var connect = _shell.Invoke("Connect-Bailian -ConfigFile ./config.json -Endpoint $Emulator.Endpoint");
        var shown = _shell.Invoke("Get-BailianConnection").AssertNoErrors().OnlyOutput();
        _shell.Invoke("Disconnect-Bailian; Connect-Bailian -Endpoint $Emulator.Endpoint -ApiKey $Emulator.ApiKey").AssertNoErrors();
        var after = _shell.Invoke("Get-BailianConnection").AssertNoErrors().OnlyOutput();

        connect.AssertNoErrors();
        Assert.Contains(connect.Warnings, w => w.Contains("'OUTPUT_DIR' is not a setting the Python tool reads", StringComparison.Ordinal));
        Assert.Equal(("qwen-image-max", "Connect-Bailian", "sk-\u2026jing"), (shown.Text("DefaultModel"), shown.Text("ApiKeySource"), shown.Text("ApiKey")));
        Assert.Equal("qwen-image-plus", after.Text("DefaultModel"));
    }

    [Fact]
    public void An_ApiKey_given_as_well_wins_over_the_file_s_and_Edit_BailianImage_keeps_its_own_default_model()
    {
        _shell.WriteText("config.json", """{ "DASHSCOPE_API_KEY": "sk-not-a-real-key-0123456789abcdef", "MODEL": "qwen-image-max" }""");
        _shell.WritePng("photo.png");

        _shell.Invoke("Connect-Bailian -ConfigFile ./config.json -ApiKey $Emulator.ApiKey -Endpoint $Emulator.Endpoint").AssertNoErrors();
        _shell.Invoke("Edit-BailianImage 'make it blue' -Image photo.png").AssertNoErrors();

        Assert.Equal("qwen-image-edit-plus", SentModel());
    }

    [Theory]
    [InlineData("missing.json", null, "it does not exist")]
    [InlineData("config.json", """{ "MODEL": "qwen-image-max" }""", "it has no DASHSCOPE_API_KEY")]
    [InlineData("config.json", """{ "DASHSCOPE_API_KEY": "sk-""" + """xxxxxxxxxxxxxxxxxxxxxxxx", "MODEL": "qwen-image-max" }""", "placeholder")] // split: not a key to scanners
    [InlineData("config.json", """{ "DASHSCOPE_API_KEY": "sk-not-a-real-key-0123456789abcdef" "MODEL": "qwen-image-max" }""", "not valid JSON (line 1")]
    public void A_bad_or_missing_file_stops_Connect_Bailian_and_leaves_the_session_alone(string file, string? text, string problem)
    {
        if (text is not null)
        {
            _shell.WriteText(file, text);
        }

        _shell.ConnectToEmulator();
        var result = _shell.Invoke($"Connect-Bailian -ConfigFile ./{file}");
        var shown = _shell.Invoke("Get-BailianConnection").AssertNoErrors().OnlyOutput();

        var error = result.TerminatingError ?? Assert.Single(result.Errors);
        Assert.Equal("Bailian.ConfigFileInvalid,Bailian.Commands.ConnectBailianCommand", error.FullyQualifiedErrorId);
        Assert.Equal($"./{file}", error.TargetObject);
        Assert.Contains(problem, error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(("qwen-image-plus", emulator.BeijingApi), (shown.Text("DefaultModel"), shown.Text("Endpoint")));
        Assert.Empty(emulator.ApiRequests);
    }
}
