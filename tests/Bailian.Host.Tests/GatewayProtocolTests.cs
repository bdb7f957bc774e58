using System;
using System.Collections.Generic;
using System.Linq;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>-Protocol and -ResponseFormat as PowerShell binds them, and Connect-Bailian -Protocol OpenAI's session.</summary>
public sealed class GatewayProtocolTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = Prepared(new HostedPowerShell(emulator), emulator);

    private static HostedPowerShell Prepared(HostedPowerShell shell, EmulatorFixture emulator)
    {
        emulator.Reset();
        shell.Invoke("$Gateway = @{ Protocol = 'OpenAI'; Endpoint = $endpoint; ApiKey = $key }",
            new Dictionary<string, object?> { ["endpoint"] = emulator.GatewayEndpoint, ["key"] = EmulatorFixture.GatewayKey }).AssertNoErrors();
        return shell;
    }

    public void Dispose()
    {
        _shell.Invoke("Disconnect-Bailian");
        _shell.Dispose();
    }

    private static string Id(ScriptResult result) => Assert.Single(result.ErrorIds).Split(',')[0];

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("openai")]
    public void Protocol_binds_case_insensitively_and_sends_to_the_gateway(string protocol)
    {
        var result = _shell.Invoke($"New-BailianImage 'a cat' -Protocol {protocol} -Endpoint $Gateway.Endpoint -ApiKey $Gateway.ApiKey").AssertNoErrors();

        Assert.Equal("/gateway/v1/images/generations", Assert.Single(emulator.ApiRequests).Path);
        Assert.Null(result.OnlyOutput().Properties["Region"].Value);
    }

    [Fact]
    public void An_unknown_protocol_is_a_binding_error_naming_the_choices()
    {
        var result = _shell.Invoke("New-BailianImage 'a cat' -Protocol Azure -Endpoint $Gateway.Endpoint");

        Assert.StartsWith("CannotConvertArgumentNoMessage,", Assert.Single(result.ErrorIds), StringComparison.Ordinal);
        Assert.Contains("DashScope", result.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.Empty(emulator.ApiRequests);
    }

    [Theory]
    [InlineData("Base64Json", true)]
    [InlineData("b64_json", true)]
    [InlineData("Url", false)]
    [InlineData("url", false)]
    public void ResponseFormat_binds_its_idiomatic_names_and_sends_the_apis(string format, bool bytes)
    {
        var result = _shell.Invoke($"New-BailianImage 'a cat' @Gateway -ResponseFormat {format}").AssertNoErrors();

        Assert.Equal(bytes, result.OnlyOutput().Properties["Bytes"].Value is byte[]);
        Assert.Contains(bytes ? "\"response_format\":\"b64_json\"" : "\"response_format\":\"url\"", Assert.Single(emulator.ApiRequests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_the_catalog_does_not_know_is_sent_to_the_gateway_and_the_warning_says_where()
    {
        // Found by a first-time user: the warning named DashScope's sync path and -EndpointFamily, both wrong for a gateway.
        var result = _shell.Invoke("New-BailianImage 'a cat' @Gateway -Model qwen-image-next -WhatIf");

        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("Model 'qwen-image-next' is not in Bailian's catalog: sending it as given to http://", warning, StringComparison.Ordinal);
        Assert.Contains("/gateway/v1/images/generations", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("multimodal-generation", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("-EndpointFamily", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_b64_result_does_not_print_its_bytes_in_the_default_view()
    {
        var text = _shell.Invoke("New-BailianImage 'a cat' @Gateway -ResponseFormat Base64Json | Out-String").AssertNoErrors();

        var shown = string.Concat(text.Output.Select(o => o.ToString()));
        Assert.Contains("qwen-image-plus", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("137", shown, StringComparison.Ordinal); // the PNG signature's first byte, as a number list would show it
    }

    [Fact]
    public void A_CSV_row_cannot_choose_the_protocol()
    {
        _shell.WriteText("rows.csv", "prompt,protocol,response_format\na cat,DashScope,b64_json\n");

        _shell.Invoke("Import-Csv rows.csv | New-BailianImage @Gateway").AssertNoErrors();

        var request = Assert.Single(emulator.ApiRequests);
        Assert.Equal("/gateway/v1/images/generations", request.Path);
        Assert.DoesNotContain("response_format", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_Bailian_Protocol_OpenAI_keeps_the_gateway_and_its_key_for_the_session_only_for_the_gateway()
    {
        var connected = _shell.Invoke("Connect-Bailian -Protocol OpenAI -Endpoint $Gateway.Endpoint -ApiKey $Gateway.ApiKey").AssertNoErrors().OnlyOutput();
        Assert.Equal("OpenAI", connected.Properties["Protocol"].Value.ToString());
        Assert.DoesNotContain(EmulatorFixture.GatewayKey, _shell.Invoke("Get-BailianConnection | Format-List | Out-String").Output[0].ToString(), StringComparison.Ordinal);

        _shell.Invoke("New-BailianImage 'a cat'").AssertNoErrors();
        Assert.Equal("/gateway/v1/images/generations", Assert.Single(emulator.ApiRequests).Path);

        // -Protocol DashScope leaves the session's gateway and key alone: here no DashScope key is found at all.
        var dashScope = _shell.Invoke("New-BailianImage 'a cat' -Protocol DashScope -Endpoint $Emulator.Endpoint");
        Assert.Equal("Bailian.NoApiKey", Id(dashScope));
        Assert.Single(emulator.ApiRequests);
    }

    [Fact]
    public void Connect_Bailian_Protocol_OpenAI_without_an_endpoint_says_what_it_needs()
    {
        var result = _shell.Invoke("Connect-Bailian -Protocol OpenAI -ApiKey $Gateway.ApiKey");

        Assert.Equal("Bailian.GatewayEndpointRequired", Id(result));
    }

    [Theory]
    [InlineData("Get-BailianTask -TaskId 0385dc79-5ff8-4d82-bcb6-0a1b2c3d4e5f @Gateway")]
    [InlineData("Stop-BailianTask 0385dc79-5ff8-4d82-bcb6-0a1b2c3d4e5f @Gateway -Confirm:$false")]
    [InlineData("Get-BailianTask -Status RUNNING @Gateway")]
    [InlineData("New-BailianImage 'a cat' -Async @Gateway")]
    [InlineData("New-BailianImage 'a cat' -Region cn-beijing -Protocol OpenAI -ApiKey $Gateway.ApiKey")]
    public void What_gateways_do_not_have_is_refused_before_anything_is_sent(string script)
    {
        var result = _shell.Invoke(script);

        Assert.Equal("Bailian.NotOnGateway", Id(result));
        Assert.DoesNotContain(emulator.Control.Requests, r => r.Kind == "api");
    }

    [Fact]
    public void A_session_gateway_refuses_task_commands_by_id_before_anything_is_sent()
    {
        _shell.Invoke("Connect-Bailian -Protocol OpenAI -Endpoint $Gateway.Endpoint -ApiKey $Gateway.ApiKey").AssertNoErrors();

        var result = _shell.Invoke("Get-BailianTask -TaskId 0385dc79-5ff8-4d82-bcb6-0a1b2c3d4e5f");

        Assert.Equal("Bailian.NotOnGateway", Id(result));
        Assert.Empty(emulator.ApiRequests);
    }

    [Fact]
    public void ResponseFormat_on_DashScope_is_refused_before_anything_is_sent()
    {
        var result = _shell.Invoke("New-BailianImage 'a cat' @Emulator -ResponseFormat Base64Json");

        Assert.Equal("Bailian.GatewayOnly", Id(result));
        Assert.Empty(emulator.ApiRequests);
    }

    [Fact]
    public void A_b64_result_piped_to_Edit_BailianImage_goes_as_a_data_uri_of_its_bytes()
    {
        var result = _shell.Invoke("New-BailianImage 'a cat' @Gateway -ResponseFormat Base64Json -Size 1328x1328 | Edit-BailianImage 'make it blue' @Gateway")
            .AssertNoErrors();

        result.OnlyOutput();
        var edit = emulator.ApiRequests[1];
        Assert.Equal("/gateway/v1/images/edits", edit.Path);
        Assert.Contains("\"image\":[\"data:image/png;base64,iVBORw0KGgo", edit.Body, StringComparison.Ordinal);
    }
}
