namespace Bailian.Emulator.Hosting;

/// <summary>
/// A host lifetime that ignores Ctrl+C and SIGTERM. The emulator lives inside someone else's process (a test run);
/// the default console lifetime would stop it on a signal meant for that process. The standalone program handles
/// signals itself and disposes the server.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
