namespace Bailian.Connection;

/// <summary>
/// Finds the API key in the official SDKs' order: -ApiKey, the Connect-Bailian session,
/// $env:DASHSCOPE_API_KEY, the file named by $env:DASHSCOPE_API_KEY_FILE_PATH, ~/.dashscope/api_key.
/// </summary>
public sealed class ApiKeyResolver
{
    private readonly Func<string, string?> _environment;
    private readonly string _homeDirectory;

    public ApiKeyResolver(Func<string, string?> environment, string homeDirectory)
    {
        _environment = environment;
        _homeDirectory = homeDirectory;
    }

    /// <summary>The process environment and the user's home directory.</summary>
    public static ApiKeyResolver ForCurrentUser() =>
        new(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The key found in the same order, or null when there is none (no error: the caller says what that means).</summary>
    public ApiKey? TryResolve(string? parameterKey, string? sessionKey)
    {
        try
        {
            return Resolve(parameterKey, sessionKey);
        }
        catch (BailianConfigurationException)
        {
            return null;
        }
    }

    public ApiKey Resolve(string? parameterKey, string? sessionKey)
    {
        var looked = new List<string>();

        if (Usable(parameterKey))
        {
            return new ApiKey(parameterKey!.Trim(), "-ApiKey");
        }

        looked.Add("-ApiKey (not given)");
        if (Usable(sessionKey))
        {
            return new ApiKey(sessionKey!.Trim(), "Connect-Bailian");
        }

        looked.Add("the Connect-Bailian session (no key set)");
        var fromEnvironment = _environment("DASHSCOPE_API_KEY");
        if (Usable(fromEnvironment))
        {
            return new ApiKey(fromEnvironment!.Trim(), "$env:DASHSCOPE_API_KEY");
        }

        looked.Add("$env:DASHSCOPE_API_KEY (not set)");
        var keyFilePath = _environment("DASHSCOPE_API_KEY_FILE_PATH");
        if (string.IsNullOrWhiteSpace(keyFilePath))
        {
            looked.Add("the file named by $env:DASHSCOPE_API_KEY_FILE_PATH (not set)");
        }
        else if (TryReadKeyFile(keyFilePath!, "$env:DASHSCOPE_API_KEY_FILE_PATH", looked) is { } fromNamedFile)
        {
            return fromNamedFile;
        }

        var defaultFile = Path.Combine(_homeDirectory, ".dashscope", "api_key");
        return TryReadKeyFile(defaultFile, "~/.dashscope/api_key", looked)
            ?? throw new BailianConfigurationException(ErrorIds.NoApiKey,
                "No DashScope API key was found. Looked in: " + string.Join("; ", looked) + ". " +
                "Pass -ApiKey, run Connect-Bailian -ApiKey, or set $env:DASHSCOPE_API_KEY. Keys are per region: " +
                "create one in the Model Studio console of the region you call.");
    }

    private static ApiKey? TryReadKeyFile(string path, string source, List<string> looked)
    {
        // Say what is there: "does not exist" for a folder sent people looking for a typo in the name.
        if (Directory.Exists(path))
        {
            looked.Add($"{source} ('{path}' is a folder, not a file)");
            return null;
        }

        if (!File.Exists(path))
        {
            looked.Add($"{source} ('{path}' does not exist)");
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            looked.Add($"{source} ('{path}' cannot be read: {e.Message.TrimEnd('.')})");
            return null;
        }

        if (!Usable(text))
        {
            looked.Add($"{source} ('{path}' is empty)");
            return null;
        }

        return new ApiKey(text, $"{source} ({path})");
    }

    private static bool Usable(string? key) => !string.IsNullOrWhiteSpace(key);
}
