using System.Collections.Generic;
using System.Linq;

namespace Bailian.Module.Tests;

/// <summary>The cmdlets' parameters, pipeline binding, aliases and ShouldProcess, as PowerShell will read them.</summary>
public sealed class CmdletDeclarationTests(ModuleFolder module) : IClassFixture<ModuleFolder>
{
    private const int Low = 1;
    private const int Medium = 2;

    private CmdletMetadata Cmdlet(string name) => module.Cmdlets.GetTypes()
        .Where(t => t.IsPublic && t.GetCustomAttributesData().Any(a => a.AttributeType.Name == "CmdletAttribute"))
        .Select(t => new CmdletMetadata(t)).Single(c => c.Name == name);

    public static TheoryData<string> CmdletNames => new()
    {
        "New-BailianImage", "Edit-BailianImage", "Save-BailianImage", "Get-BailianTask", "Stop-BailianTask", "Connect-Bailian", "Disconnect-Bailian", "Get-BailianModel",
    };

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_is_sealed_and_declares_its_output(string name)
    {
        var cmdlet = Cmdlet(name);
        Assert.True(cmdlet.Type.IsSealed);
        Assert.NotEmpty(cmdlet.OutputTypes);
    }

    [Fact]
    public void New_BailianImage_is_a_billable_call_with_WhatIf()
    {
        var cmdlet = Cmdlet("New-BailianImage");
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal(Medium, cmdlet.ConfirmImpact);
        Assert.Equal(["Bailian.ImageResult", "Bailian.ImageTask"], cmdlet.OutputTypes);
        Assert.Equal("System.Management.Automation.SwitchParameter", cmdlet.Parameters["Async"].TypeName);
    }

    [Fact]
    public void Prompt_is_first_mandatory_and_binds_by_value_and_by_property_name()
    {
        var prompt = Cmdlet("New-BailianImage").Parameters["Prompt"];
        Assert.Equal((true, 0, true, true), (prompt.Mandatory, prompt.Position, prompt.ValueFromPipeline, prompt.ByPropertyName));
        Assert.Equal("System.String", prompt.TypeName);
    }

    [Theory]
    [InlineData("NegativePrompt", "negative_prompt")]
    [InlineData("Count", "n")]
    [InlineData("PromptExtend", "prompt_extend")]
    [InlineData("ApiKey", "api_key")]
    public void Snake_case_CSV_headers_are_aliases(string parameter, string alias) =>
        Assert.Contains(alias, Cmdlet("New-BailianImage").Parameters[parameter].Aliases);

    [Theory]
    [InlineData("PromptExtend")]
    [InlineData("Watermark")]
    public void Boolean_parameters_accept_CSV_text(string parameter)
    {
        var metadata = Cmdlet("New-BailianImage").Parameters[parameter];
        Assert.StartsWith("System.Nullable`1[[System.Boolean,", metadata.TypeName, System.StringComparison.Ordinal);
        Assert.Contains("BooleanTransformationAttribute", metadata.AttributeNames);
    }

    [Theory]
    [InlineData("Count")]
    [InlineData("Seed")]
    [InlineData("Size")]
    [InlineData("Model")]
    [InlineData("NegativePrompt")]
    public void Empty_CSV_cells_count_as_not_given(string parameter) =>
        Assert.Contains("NullIfEmptyTransformationAttribute", Cmdlet("New-BailianImage").Parameters[parameter].AttributeNames);

    [Fact]
    public void The_api_key_is_a_SecureString_that_also_takes_plain_text()
    {
        foreach (var name in new[] { "New-BailianImage", "Connect-Bailian" })
        {
            var key = Cmdlet(name).Parameters["ApiKey"];
            Assert.Equal("System.Security.SecureString", key.TypeName);
            Assert.Contains("SecureStringTransformationAttribute", key.AttributeNames);
        }
    }

    [Theory]
    [InlineData("New-BailianImage", "Model", "ModelNameCompleter")]
    [InlineData("New-BailianImage", "Size", "SizeCompleter")]
    [InlineData("New-BailianImage", "Region", "RegionCompleter")]
    [InlineData("Connect-Bailian", "Region", "RegionCompleter")]
    [InlineData("Get-BailianModel", "Name", "ModelNameCompleter")]
    public void Completers_are_attached(string cmdlet, string parameter, string completer) =>
        Assert.Equal(completer, Cmdlet(cmdlet).Parameters[parameter].Completer);

    [Fact]
    public void Connection_and_retry_parameters_are_there_with_ranges()
    {
        var parameters = Cmdlet("New-BailianImage").Parameters;
        Assert.Superset(new HashSet<string> { "ApiKey", "Region", "Endpoint", "TimeoutSec", "MaxRetryCount", "Seed", "Watermark", "Name" },
            parameters.Keys.ToHashSet());
        Assert.Equal([1, 86400], parameters["TimeoutSec"].ValidateRange!);
        Assert.Equal([0, 20], parameters["MaxRetryCount"].ValidateRange!);
    }

    [Fact]
    public void The_input_row_is_taken_from_the_pipeline_but_hidden()
    {
        foreach (var name in new[] { "New-BailianImage", "Save-BailianImage" })
        {
            var input = Cmdlet(name).Parameters["InputObject"];
            Assert.True(input.ValueFromPipeline && input.DontShow);
            Assert.Equal("System.Management.Automation.PSObject", input.TypeName);
        }
    }

    [Fact]
    public void Connect_Bailian_sets_key_region_endpoint_and_workspace()
    {
        Assert.Superset(new HashSet<string> { "ApiKey", "Region", "Endpoint", "Workspace" }, Cmdlet("Connect-Bailian").Parameters.Keys.ToHashSet());
        Assert.Equal(["Bailian.ModelInfo"], Cmdlet("Get-BailianModel").OutputTypes);
    }

    [Fact]
    public void Stop_BailianTask_asks_before_cancelling()
    {
        var cmdlet = Cmdlet("Stop-BailianTask");
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal(Medium, cmdlet.ConfirmImpact);
        Assert.True(cmdlet.Parameters["TaskId"].ValueFromPipeline && cmdlet.Parameters["TaskId"].ByPropertyName);
    }

    [Theory]
    [InlineData("New-BailianImage")]
    [InlineData("Edit-BailianImage")]
    [InlineData("Save-BailianImage")]
    public void Batches_take_ThrottleLimit_and_Ordered(string name)
    {
        var parameters = Cmdlet(name).Parameters;
        Assert.Equal("System.Int32", parameters["ThrottleLimit"].TypeName);
        Assert.Equal([1, 64], parameters["ThrottleLimit"].ValidateRange!);
        Assert.Equal("System.Management.Automation.SwitchParameter", parameters["Ordered"].TypeName);
        // Batch settings are the command's, not a row's.
        Assert.False(parameters["ThrottleLimit"].ByPropertyName);
    }

    [Fact]
    public void Resume_and_metadata_switches_are_there()
    {
        Assert.Equal("System.String", Cmdlet("New-BailianImage").Parameters["ResumeFrom"].TypeName);
        Assert.Equal("System.String", Cmdlet("Edit-BailianImage").Parameters["ResumeFrom"].TypeName);
        Assert.Equal("System.Management.Automation.SwitchParameter", Cmdlet("Save-BailianImage").Parameters["Metadata"].TypeName);
    }
}
