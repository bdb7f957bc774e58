using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Bailian;

/// <summary>
/// Starts the cold-start warm-up (<see cref="Work.ColdStart"/>), and makes the module work in Windows PowerShell 5.1,
/// which runs on .NET Framework; pwsh 7 needs neither of these:
/// <list type="bullet">
/// <item>No binding redirects for a module: when System.Text.Json asks for System.Memory 4.0.1.2 and another
/// of our dependencies asks for 4.0.1.1, the load fails. Any assembly we ship is resolved from the module
/// folder, whatever version was asked for.</item>
/// <item>powershell.exe targets .NET 4.5, so without the machine's SchUseStrongCrypto setting .NET offers only
/// TLS 1.0 and SSL 3, and DashScope (TLS 1.2+) refuses the connection. TLS 1.2 is added to what the process
/// offers; nothing the process already allows is taken away.</item>
/// </list>
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

    public void OnImport()
    {
        if (IsNetFramework)
        {
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleFolder;
            System.Net.ServicePointManager.SecurityProtocol |= System.Net.SecurityProtocolType.Tls12;
        }

        // The catalog and serializers, read on another thread while the first command is still being bound.
        Work.ColdStart.Begin();
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (IsNetFramework)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleFolder;
        }
    }

    private static bool IsNetFramework =>
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    private static Assembly? ResolveFromModuleFolder(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        var path = Path.Combine(ModuleFolder, name + ".dll");
        return File.Exists(path) ? Assembly.LoadFrom(path) : null;
    }
}
