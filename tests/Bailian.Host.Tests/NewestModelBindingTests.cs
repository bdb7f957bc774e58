using System;
using System.Collections.Generic;
using System.Linq;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>
/// The newest models' parameters as PowerShell binds them (command line and CSV columns by the API's names), read
/// off what the emulator received, and what is refused before anything is sent.
/// </summary>
public sealed class NewestModelBindingTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void Snake_case_columns_bind_the_new_options()
    {
        _shell.WriteText("rows.csv", """
            prompt,model,prompt_extend_mode,n,thinking_mode,enable_sequential,color_palette,size
            a tea house,qwen-image-3.0,agent,2,,,,
            a comic strip,wan2.7-image,,8,no,yes,"#C2D1E6:0.25,#636574:0.5,#FFFFFF:0.25",1K
            """);

        var results = _shell.Invoke("Import-Csv rows.csv | New-BailianImage @Emulator -Ordered").AssertNoErrors().Output;

        Assert.Equal(10, results.Count);
        var requests = emulator.ApiRequests.OrderBy(r => r.Json()["model"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        Assert.Equal("""{"n":2,"prompt_extend_mode":"agent"}""", requests[0].Parameters().ToJsonString());
        Assert.Equal("""{"size":"1K","n":8,"thinking_mode":false,"enable_sequential":true,"color_palette":[{"hex":"#C2D1E6","ratio":0.25},{"hex":"#636574","ratio":0.5},{"hex":"#FFFFFF","ratio":0.25}]}""",
            requests[1].Parameters().ToJsonString());
    }

    [Theory]
    [InlineData("thinking_mode = 'maybe'", "Bailian.InvalidBoolean")]
    [InlineData("enable_interleave = 'sometimes'", "Bailian.InvalidBoolean")]
    [InlineData("max_images = '2.5'; enable_interleave = 'yes'", "Bailian.InvalidNumber")]
    [InlineData("prompt_extend_mode = 'smart'", "Bailian.InvalidOptionValue")]
    [InlineData("thinking_mode = 'yes'; enable_sequential = 'true'", "Bailian.ParameterNotApplicable")]
    public void New_columns_are_read_strictly_and_nothing_is_sent(string columns, string errorId)
    {
        var model = columns.Contains("interleave", StringComparison.Ordinal) ? "wan2.6-image"
            : columns.Contains("prompt_extend_mode", StringComparison.Ordinal) ? "qwen-image-3.0" : "wan2.7-image";
        var result = _shell.Invoke($"[pscustomobject]@{{ prompt = 'p'; model = '{model}'; {columns} }} | New-BailianImage @Emulator");

        Assert.StartsWith(errorId + ",", Assert.Single(result.ErrorIds), StringComparison.Ordinal);
        Assert.Empty(emulator.ApiRequests);
    }

    [Fact]
    public void An_unknown_model_reaches_text2image_with_EndpointFamily()
    {
        var result = _shell.Invoke("New-BailianImage 'a cat' -Model wanx-v1 -EndpointFamily Text2Image @Emulator").AssertNoErrors();

        Assert.Equal("wanx-v1", result.OnlyOutput().Text("Model"));
        Assert.Contains(result.Warnings, w => w.Contains("text2image/image-synthesis (-EndpointFamily Text2Image)", StringComparison.Ordinal));
        Assert.EndsWith("/services/aigc/text2image/image-synthesis", emulator.ApiRequests.First(r => r.Method == "POST").Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_model_with_a_contradicting_family_is_an_error_before_sending()
    {
        var result = _shell.Invoke("New-BailianImage 'a cat' -Model wan2.6-t2i -EndpointFamily Text2Image @Emulator");

        Assert.Equal("Bailian.EndpointFamilyMismatch,Bailian.Commands.NewBailianImageCommand", Assert.Single(result.ErrorIds));
        Assert.Empty(emulator.ApiRequests);
    }

    [Fact]
    public void Agent_mode_with_an_input_image_is_refused_before_sending()
    {
        _shell.WritePng("photo.png", 512, 512);

        var result = _shell.Invoke("Edit-BailianImage 'make it rain' -Image ./photo.png -Model qwen-image-3.0 -PromptExtendMode agent @Emulator");

        Assert.Equal("Bailian.ParameterNotApplicable,Bailian.Commands.EditBailianImageCommand", Assert.Single(result.ErrorIds));
        Assert.Contains("text to image only", result.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.ApiRequests);
    }

    [Fact]
    public void Edit_binds_bounding_boxes_sequential_and_palette()
    {
        _shell.WritePng("room.png", 1024, 768);
        _shell.WritePng("dog.png", 640, 640);

        _shell.Invoke("""
            Edit-BailianImage 'put the dog in the box' -Image ./room.png, ./dog.png -Model wan2.7-image-pro -BoundingBox '[[[600,400,1000,760]],[]]' -Sequential -Count 2 -Size 2K @Emulator
            """).AssertNoErrors();

        var parameters = Assert.Single(emulator.ApiRequests).Parameters();
        Assert.Equal("[[[600,400,1000,760]],[]]", parameters["bbox_list"]!.ToJsonString());
        Assert.True(parameters["enable_sequential"]!.GetValue<bool>());
    }

    [Fact]
    public void Interleaved_results_carry_their_text()
    {
        var results = _shell.Invoke("New-BailianImage 'fold a crane' -Model wan2.6-image -Interleave -MaxImages 2 @Emulator").AssertNoErrors().Output;

        Assert.Equal(["Step 1: fold a crane. ", "Step 2: fold a crane. "], results.Select(r => r.Text("Text")));
        Assert.Equal("enable", Assert.Single(emulator.ApiRequests).Header("X-DashScope-SSE"));
    }

    [Fact]
    public void Format_List_shows_the_text_of_interleaved_results_only()
    {
        var interleaved = _shell.Invoke("New-BailianImage 'fold a crane' -Model wan2.6-image -Interleave -MaxImages 1 @Emulator | Format-List | Out-String -Width 200")
            .AssertNoErrors().OnlyOutput().ToString();
        var plain = _shell.Invoke("New-BailianImage 'a crane' @Emulator | Format-List | Out-String -Width 200").AssertNoErrors().OnlyOutput().ToString();

        Assert.Matches(@"(?m)^Text\s+: Step 1: fold a crane\.", interleaved);
        Assert.DoesNotMatch(@"(?m)^Text\s+:", plain);
    }
}
