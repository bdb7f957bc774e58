using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using Bailian.Connection;

namespace Bailian.Commands;

/// <summary>
/// Connect-Bailian's settings, one per runspace. A process holds many runspaces (ForEach-Object -Parallel,
/// thread jobs, hosts): a Connect-Bailian in one must never change where another sends its calls or key.
/// Kept weakly, so a closed runspace takes its settings with it.
/// </summary>
internal static class RunspaceSessions
{
    private static readonly ConditionalWeakTable<Runspace, BailianSession> Sessions = new();

    /// <summary>The calling runspace's settings (cmdlets run on their runspace's pipeline thread).</summary>
    public static BailianSession Current =>
        Runspace.DefaultRunspace is { } runspace && Sessions.TryGetValue(runspace, out var session) ? session : BailianSession.None;

    public static void Set(BailianSession session)
    {
        var runspace = Runspace.DefaultRunspace;
        lock (Sessions)
        {
            Sessions.Remove(runspace);
            Sessions.Add(runspace, session);
        }
    }
}
