using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Bailian.Emulator;

namespace Bailian.Tests.Support;

/// <summary>
/// One in-process emulator on 127.0.0.1 (a free port) per test class, on the system clock unless a derived fixture
/// gives <see cref="Options"/> its own. Tests (or the harness that runs their scripts) call <see cref="Reset"/> first,
/// so a test sees only the requests it sent itself.
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    /// <summary>Faults, latency, task timing and the request log.</summary>
    public EmulatorControl Control => Server.Control;

    /// <summary>The Beijing base URL, <c>http://127.0.0.1:{port}/cn-beijing/api/v1</c>.</summary>
    public string BeijingApi => Server.ApiBase("cn-beijing").ToString();

    /// <summary>The one key the emulator's Beijing region accepts.</summary>
    public static string BeijingKey => EmulatorServer.ApiKeys["cn-beijing"];

    /// <summary>The OpenAI-style gateway's base, <c>http://127.0.0.1:{port}/gateway/v1</c> (tests/Bailian.Emulator/Gateway/README.md).</summary>
    public string GatewayEndpoint => Server.GatewayBase.ToString();

    /// <summary>The one key the gateway accepts.</summary>
    public static string GatewayKey => EmulatorServer.GatewayApiKey;

    /// <summary>The API calls recorded since the test started (downloads, uploads and control calls left out).</summary>
    public IReadOnlyList<RecordedRequest> ApiRequests => Control.Requests.Where(r => r.Kind == "api").ToList();

    /// <summary>The image downloads recorded since the test started.</summary>
    public IReadOnlyList<RecordedRequest> Downloads => Control.Requests.Where(r => r.Kind == "download").ToList();

    public int ApiRequestCount => Control.Requests.Count(r => r.Kind == "api");

    /// <summary>The options the emulator starts with.</summary>
    protected virtual EmulatorOptions Options => new();

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync(Options);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Forgets the request log and puts the knobs a test may turn back to their defaults.</summary>
    public virtual void Reset()
    {
        Control.ClearRequests();
        Control.Latency = TimeSpan.Zero;
        Control.Gateway.ErrorShape = Bailian.Emulator.Gateway.GatewayErrorShape.OpenAI;
        Control.TaskPendingTime = TimeSpan.FromSeconds(1);
        Control.TaskRunningTime = TimeSpan.FromSeconds(3);
    }
}
