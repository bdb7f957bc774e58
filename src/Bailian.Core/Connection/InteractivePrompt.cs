namespace Bailian.Connection;

/// <summary>
/// Whether Connect-Bailian may ask for the key. A prompt in a session no one watches would block a scheduled task
/// or a CI job for ever, so it asks only when every sign says a person is there.
/// </summary>
public static class InteractivePrompt
{
    /// <param name="hostName">$Host.Name: "Default Host" is a runspace without a user interface.</param>
    /// <param name="userInteractive">Environment.UserInteractive: false in a Windows service.</param>
    /// <param name="inputRedirected">Console.IsInputRedirected: the console host then reads a pipe or file, not a person.</param>
    /// <param name="commandLine">The process's arguments: pwsh -NonInteractive (any abbreviation, -noni) refuses prompts.</param>
    public static bool IsPossible(string? hostName, bool userInteractive, bool inputRedirected, IEnumerable<string> commandLine)
    {
        if (string.IsNullOrEmpty(hostName) || hostName == "Default Host" || !userInteractive)
        {
            return false;
        }

        if (commandLine.Any(IsNonInteractiveSwitch))
        {
            return false;
        }

        return !(hostName == "ConsoleHost" && inputRedirected);
    }

    private static bool IsNonInteractiveSwitch(string argument)
    {
        var name = argument.TrimStart('-', '/');
        return argument.Length > name.Length && name.Length >= 4
            && "noninteractive".StartsWith(name, StringComparison.OrdinalIgnoreCase);
    }
}
