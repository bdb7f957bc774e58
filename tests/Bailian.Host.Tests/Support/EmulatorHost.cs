using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Host.Tests.Support;

/// <summary>
/// One in-process emulator on 127.0.0.1 (a free port) per test class. <see cref="HostedPowerShell"/> resets
/// it for each test, so a test sees only the requests its own script sent.
/// </summary>
public sealed class EmulatorHost : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    /// <summary>Faults, latency, task timing and the request log.</summary>
    public EmulatorControl Control => Server.Control;

    /// <summary>The Beijing base URL, <c>http://127.0.0.1:{port}/cn-beijing/api/v1</c>.</summary>
    public string BeijingApi => Server.ApiBase("cn-beijing").ToString();

    /// <summary>The one key the emulator's Beijing region accepts.</summary>
    public static string BeijingKey => EmulatorServer.ApiKeys["cn-beijing"];

    /// <summary>The API calls recorded since the test started (downloads, uploads and control calls left out).</summary>
    public IReadOnlyList<RecordedRequest> ApiRequests => Control.Requests.Where(r => r.Kind == "api").ToList();

    /// <summary>The image downloads recorded since the test started.</summary>
    public IReadOnlyList<RecordedRequest> Downloads => Control.Requests.Where(r => r.Kind == "download").ToList();

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Forgets the request log and puts the knobs a test may turn back to their defaults.</summary>
    public void Reset()
    {
        Control.ClearRequests();
        Control.Latency = TimeSpan.Zero;
        Control.TaskPendingTime = TimeSpan.FromSeconds(1);
        Control.TaskRunningTime = TimeSpan.FromSeconds(3);
    }
}
