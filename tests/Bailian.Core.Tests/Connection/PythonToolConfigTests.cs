using System;
using System.IO;
using System.Text;
using Bailian.Connection;

namespace Bailian.Tests.Connection;

/// <summary>The Python tool's config.json (seed 000), for Connect-Bailian -ConfigFile.</summary>
public sealed class PythonToolConfigTests : IDisposable
{
    private const string Key = "sk-not-a-real-key-0123456789abcdef";
    private readonly string _folder = Directory.CreateTempSubdirectory("bailian-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Input", "Fixtures", name), Encoding.UTF8);

    private string Write(string text, bool bom = false)
    {
        var path = Path.Combine(_folder, "config.json");
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    private BailianConfigurationException Refused(string text)
    {
        var error = Assert.Throws<BailianConfigurationException>(() => PythonToolConfig.Read(Write(text)));
        Assert.Equal(ErrorIds.ConfigFileInvalid, error.ErrorId);
        Assert.StartsWith($"Config file '{Path.Combine(_folder, "config.json")}': ", error.Message, StringComparison.Ordinal);
        return error;
    }

    [Theory]
    [InlineData("seed000-config-setup.json", "sk-你的实际api密钥")]
    [InlineData("seed000-config-reference.json", "sk-" + "xxxxxxxxxxxxxxxxxxxxxxxx")] // the seed's placeholder, split so key scanners do not flag it
    public void The_seed_s_examples_hold_placeholders_and_are_refused_without_showing_them(string fixture, string placeholder)
    {
        var error = Refused(Fixture(fixture));

        Assert.Contains("DASHSCOPE_API_KEY holds the template's placeholder", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(placeholder, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seed000-config-setup.json", "sk-你的实际api密钥")]
    [InlineData("seed000-config-reference.json", "sk-" + "xxxxxxxxxxxxxxxxxxxxxxxx")] // the seed's placeholder, split so key scanners do not flag it
    public void The_seed_s_examples_with_a_real_key_give_the_key_and_the_model_comments_and_all(string fixture, string placeholder)
    {
        var config = PythonToolConfig.Read(Write(Fixture(fixture).Replace(placeholder, Key, StringComparison.Ordinal)));

        Assert.Equal(Key, config.ApiKey);
        Assert.Equal("qwen-image-max", config.Model);
        Assert.True(config.ModelGiven);
        Assert.Empty(config.Unused);
    }

    [Fact]
    public void Without_MODEL_the_model_is_the_tool_s_default_and_the_key_is_trimmed()
    {
        var config = PythonToolConfig.Read(Write($"{{ \"DASHSCOPE_API_KEY\": \"  {Key}\\n\" }}", bom: true));

        Assert.Equal(Key, config.ApiKey);
        Assert.Equal("qwen-image-max", config.Model);
        Assert.False(config.ModelGiven);
    }

    [Fact]
    public void The_session_gets_the_key_the_model_and_the_connection_given()
    {
        var session = PythonToolConfig.Read(Write($"{{ \"DASHSCOPE_API_KEY\": \"{Key}\", \"MODEL\": \"wan2.6-t2i\", }}")).ToSession("Singapore", null, "ws-1");

        Assert.Equal(Key, session.ApiKey);
        Assert.Equal("wan2.6-t2i", session.Model);
        Assert.Equal("Singapore", session.Region);
        Assert.Equal("ws-1", session.Workspace);
    }

    [Fact]
    public void Names_are_case_sensitive_as_in_the_tool_and_the_others_are_listed_as_unused()
    {
        var config = PythonToolConfig.Read(Write($"{{ \"DASHSCOPE_API_KEY\": \"{Key}\", \"model\": \"wan2.6-t2i\", \"OUTPUT\": \"./out\" }}"));

        Assert.Equal("qwen-image-max", config.Model);
        Assert.Equal(["model", "OUTPUT"], config.Unused);
    }

    [Theory]
    [InlineData("{ \"MODEL\": \"qwen-image-max\" }", "it has no DASHSCOPE_API_KEY")]
    [InlineData("{ \"dashscope_api_key\": \"sk-0123456789abcdef0123\" }", "it has no DASHSCOPE_API_KEY")]
    [InlineData("{ \"DASHSCOPE_API_KEY\": \"  \" }", "DASHSCOPE_API_KEY is empty")]
    [InlineData("{ \"DASHSCOPE_API_KEY\": 42 }", "DASHSCOPE_API_KEY is number, not a string")]
    [InlineData("{ \"DASHSCOPE_API_KEY\": \"sk-0123456789abcdef0123\", \"MODEL\": \"\" }", "MODEL is empty")]
    [InlineData("{ \"DASHSCOPE_API_KEY\": \"sk-0123456789abcdef0123\", \"MODEL\": null }", "MODEL is null, not a string")]
    [InlineData("[ \"sk-0123456789abcdef0123\" ]", "it is not a JSON object")]
    [InlineData("", "it is not valid JSON (line 1")]
    [InlineData("{\n  \"DASHSCOPE_API_KEY\": \"sk-0123456789abcdef0123\"\n  \"MODEL\": \"qwen-image-max\"\n}", "it is not valid JSON (line 3")]
    public void A_file_without_a_usable_key_or_model_is_refused_saying_why(string text, string problem)
    {
        var error = Refused(text);

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-0123456789abcdef0123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_a_folder_and_a_file_not_in_UTF8_are_refused()
    {
        var missing = Assert.Throws<BailianConfigurationException>(() => PythonToolConfig.Read(Path.Combine(_folder, "nope.json")));
        var folder = Assert.Throws<BailianConfigurationException>(() => PythonToolConfig.Read(_folder));
        var ansi = Path.Combine(_folder, "ansi.json");
        File.WriteAllBytes(ansi, [.. Encoding.ASCII.GetBytes("{ \"MODEL\": \""), 0xC4, 0xE3, .. Encoding.ASCII.GetBytes("\" }")]);
        var notUtf8 = Assert.Throws<BailianConfigurationException>(() => PythonToolConfig.Read(ansi));

        Assert.EndsWith("nope.json': it does not exist.", missing.Message, StringComparison.Ordinal);
        Assert.Contains("it is a folder", folder.Message, StringComparison.Ordinal);
        Assert.Contains("it is not UTF-8", notUtf8.Message, StringComparison.Ordinal);
    }
}
