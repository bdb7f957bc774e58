using System;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>Connect-Bailian's session, which belongs to the runspace that made it.</summary>
public sealed class ConnectBailianTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose()
    {
        _shell.Invoke("Disconnect-Bailian");
        _shell.Dispose();
    }

    [Theory]
    [InlineData("Connect-Bailian -Endpoint $Emulator.Endpoint -ApiKey $Emulator.ApiKey")]
    [InlineData("Connect-Bailian $Emulator.ApiKey -Endpoint $Emulator.Endpoint")]
    [InlineData("Connect-Bailian -Endpoint $Emulator.Endpoint -ApiKey (ConvertTo-SecureString $Emulator.ApiKey -AsPlainText -Force)")]
    public void After_Connect_Bailian_commands_need_no_endpoint_or_key(string connect)
    {
        _shell.Invoke(connect).AssertNoErrors();

        _shell.Invoke("New-BailianImage 'a cat'").AssertNoErrors().OnlyOutput();

        Assert.Equal(200, Assert.Single(emulator.ApiRequests).StatusCode);
    }

    [Fact]
    public void The_workspace_is_sent_with_every_call()
    {
        _shell.Invoke("Connect-Bailian -Endpoint $Emulator.Endpoint -ApiKey $Emulator.ApiKey -Workspace ws-1234").AssertNoErrors();

        _shell.Invoke("New-BailianImage 'a cat'").AssertNoErrors();

        Assert.Equal("ws-1234", Assert.Single(emulator.ApiRequests).Header("X-DashScope-WorkSpace"));
    }

    [Fact]
    public void After_Disconnect_Bailian_the_session_s_endpoint_is_forgotten()
    {
        _shell.ConnectToEmulator();
        _shell.Invoke("Disconnect-Bailian").AssertNoErrors();

        // The endpoint falls back to $env:DASHSCOPE_HTTP_BASE_URL, which the fixture points where nothing listens.
        var result = _shell.Invoke("New-BailianImage 'a cat' -ApiKey $Emulator.ApiKey -MaxRetryCount 0");

        Assert.StartsWith("Bailian.ConnectionFailed,", Assert.Single(result.ErrorIds), StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9", Assert.Single(result.Errors).Exception.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Control.Requests);
    }

    [Fact]
    public void An_unknown_region_stops_Connect_Bailian_and_names_the_region()
    {
        var result = _shell.Invoke("Connect-Bailian -Region Nowhere");

        var error = Assert.Single(result.Errors);
        Assert.Equal("Bailian.UnknownRegion,Bailian.Commands.ConnectBailianCommand", error.FullyQualifiedErrorId);
        Assert.Equal("Nowhere", error.TargetObject);
    }
}
