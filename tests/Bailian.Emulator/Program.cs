// Standalone emulator for offline demos and Pester tests:
//   dotnet run --project tests/Bailian.Emulator -- --urls http://127.0.0.1:8765
using System.Runtime.InteropServices;
using Bailian.Emulator.Hosting;

using var stop = new CancellationTokenSource();
var signals = new List<PosixSignalRegistration>();
foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM])
{
    try
    {
        signals.Add(PosixSignalRegistration.Create(signal, context =>
        {
            // Stop cleanly instead of letting the runtime kill the process mid-response.
            context.Cancel = true;
            stop.Cancel();
        }));
    }
    catch (PlatformNotSupportedException)
    {
        // Not every signal exists on every platform; Ctrl+C (SIGINT) does everywhere.
    }
}

try
{
    return await StandaloneHost.RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
}
finally
{
    signals.ForEach(s => s.Dispose());
}
