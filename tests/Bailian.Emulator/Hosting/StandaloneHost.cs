using System.Globalization;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Hosting;

/// <summary>The command line of the standalone emulator, apart from signal handling so that tests can drive it.</summary>
internal static class StandaloneHost
{
    public const int UsageError = 2;
    public const string ListeningPrefix = "Bailian emulator listening on ";

    private const string Usage = "usage: Bailian.Emulator [--urls http://127.0.0.1:<port>]   (port 0 picks a free one)";

    /// <summary>Starts the emulator, prints where it listens, and serves until <paramref name="stop"/> fires.</summary>
    /// <returns>0 after a clean stop, 1 when the server cannot start, 2 for a bad command line.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        if (args is ["-h" or "--help" or "-?"])
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        if (!TryParseUrls(args, out var urls, out var problem))
        {
            await error.WriteLineAsync($"{problem}\n{Usage}").ConfigureAwait(false);
            return UsageError;
        }

        EmulatorServer server;
        try
        {
            server = await EmulatorServer.StartAsync(new EmulatorOptions { Urls = urls }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return UsageError;
        }
        catch (IOException ex)
        {
            // Most often the port is taken.
            await error.WriteLineAsync($"The emulator could not start: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (server.ConfigureAwait(false))
        {
            // Scripts wait for the first line and parse the address from it: keep its wording.
            await output.WriteLineAsync(ListeningPrefix + server.BaseAddress.AbsoluteUri).ConfigureAwait(false);
            foreach (var region in Regions.All)
            {
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture, $"  {region.Id,-14}  {server.ApiBase(region.Id)}  key: {region.ApiKey}")).ConfigureAwait(false);
            }

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture, $"  {"gateway",-14}  {server.GatewayBase}  key: {EmulatorServer.GatewayApiKey}  (OpenAI-style, Gateway/README.md)")).ConfigureAwait(false);
            await output.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Asked to stop: fall through to dispose the server and exit 0.
            }
        }

        return 0;
    }

    private static bool TryParseUrls(string[] args, out string? urls, out string? problem)
    {
        urls = null;
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--urls=", StringComparison.Ordinal))
            {
                urls = arg["--urls=".Length..];
            }
            else if (arg == "--urls" && i + 1 < args.Length)
            {
                urls = args[++i];
            }
            else
            {
                problem = $"Unexpected argument '{arg}'.";
                return false;
            }
        }

        return true;
    }
}
