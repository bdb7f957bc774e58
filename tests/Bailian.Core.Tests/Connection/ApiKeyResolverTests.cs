using System;
using System.Collections.Generic;
using System.IO;
using Bailian.Connection;

namespace Bailian.Tests.Connection;

public sealed class ApiKeyResolverTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("bailian-home-").FullName;
    private readonly Dictionary<string, string?> _environment = [];

    private ApiKeyResolver Resolver => new(name => _environment.GetValueOrDefault(name), _home);

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private string WriteHomeKeyFile(string key)
    {
        Directory.CreateDirectory(Path.Combine(_home, ".dashscope"));
        var path = Path.Combine(_home, ".dashscope", "api_key");
        File.WriteAllText(path, key + "\n");
        return path;
    }

    [Fact]
    public void The_official_order_is_parameter_session_environment_named_file_home_file()
    {
        WriteHomeKeyFile("sk-home");
        var named = Path.Combine(_home, "named_key");
        File.WriteAllText(named, "  sk-named  ");
        _environment["DASHSCOPE_API_KEY_FILE_PATH"] = named;
        _environment["DASHSCOPE_API_KEY"] = "sk-env";

        Assert.Equal(("sk-param", "-ApiKey"), Pick(Resolver.Resolve("sk-param", "sk-session")));
        Assert.Equal(("sk-session", "Connect-Bailian"), Pick(Resolver.Resolve(null, "sk-session")));
        Assert.Equal(("sk-env", "$env:DASHSCOPE_API_KEY"), Pick(Resolver.Resolve(null, null)));
        _environment["DASHSCOPE_API_KEY"] = " ";
        Assert.Equal("sk-named", Resolver.Resolve(null, null).Value);
        _environment.Remove("DASHSCOPE_API_KEY_FILE_PATH");
        Assert.Equal("sk-home", Resolver.Resolve(null, null).Value);
    }

    private static (string, string) Pick(ApiKey key) => (key.Value, key.Source);

    [Fact]
    public void With_no_key_the_error_names_every_place_looked()
    {
        _environment["DASHSCOPE_API_KEY_FILE_PATH"] = Path.Combine(_home, "missing");
        var error = Assert.Throws<BailianConfigurationException>(() => Resolver.Resolve(null, ""));
        Assert.Equal("Bailian.NoApiKey", error.ErrorId);
        Assert.Contains("-ApiKey (not given)", error.Message);
        Assert.Contains("Connect-Bailian session", error.Message);
        Assert.Contains("$env:DASHSCOPE_API_KEY (not set)", error.Message);
        Assert.Contains($"$env:DASHSCOPE_API_KEY_FILE_PATH ('{Path.Combine(_home, "missing")}' does not exist)", error.Message);
        Assert.Contains($"~/.dashscope/api_key ('{Path.Combine(_home, ".dashscope", "api_key")}' does not exist)", error.Message);
    }

    [Fact]
    public void An_empty_key_file_is_reported_as_empty_not_used()
    {
        WriteHomeKeyFile("   ");
        var error = Assert.Throws<BailianConfigurationException>(() => Resolver.Resolve(null, null));
        Assert.Contains("is empty", error.Message);
    }

    // Issue 9: a key-file path that is a folder was reported as "does not exist".
    [Fact]
    public void A_key_file_path_that_is_a_folder_is_reported_as_a_folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_home, "keys")).FullName;
        Directory.CreateDirectory(Path.Combine(_home, ".dashscope", "api_key"));
        _environment["DASHSCOPE_API_KEY_FILE_PATH"] = folder;

        var error = Assert.Throws<BailianConfigurationException>(() => Resolver.Resolve(null, null));

        Assert.Contains($"$env:DASHSCOPE_API_KEY_FILE_PATH ('{folder}' is a folder, not a file)", error.Message);
        Assert.Contains($"~/.dashscope/api_key ('{Path.Combine(_home, ".dashscope", "api_key")}' is a folder, not a file)", error.Message);
        Assert.DoesNotContain("does not exist", error.Message);
    }

    [Fact]
    public void A_key_file_that_cannot_be_read_is_reported_not_thrown()
    {
        var path = WriteHomeKeyFile("sk-locked");
        using var held = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None); // another process has it

        var error = Assert.Throws<BailianConfigurationException>(() => Resolver.Resolve(null, null));

        Assert.Contains($"~/.dashscope/api_key ('{path}' cannot be read: ", error.Message);
        Assert.DoesNotContain("sk-locked", error.Message);
    }

    [Fact]
    public void A_key_never_shows_in_its_string_form()
    {
        var key = Resolver.Resolve("sk-secret-value", null);
        Assert.Equal("sk-***", key.ToString());
        Assert.DoesNotContain("secret", new ConnectionRequest("sk-secret-value", "Beijing").ToString());
    }
}
