using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>What Edit-BailianImage binds from paths, URLs, our own results and CSV rows, read off what the emulator received.</summary>
public sealed class EditBailianImageBindingTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose() => _shell.Dispose();

    /// <summary>How a local file goes on the wire: inline, as a base64 data: URI of its bytes.</summary>
    private string Inline(string name) =>
        "data:image/png;base64," + Convert.ToBase64String(File.ReadAllBytes(Path.Combine(_shell.WorkingFolder, name)));

    [Fact]
    public void A_result_of_New_BailianImage_is_edited_by_its_Url_with_only_the_edit_s_own_prompt_and_options()
    {
        _shell.Invoke("$result = New-BailianImage 'a cat' -Seed 7 -Size 1328x1328 @Emulator").AssertNoErrors();
        var url = _shell.Invoke("$result.Url").OnlyOutput().ToString();
        emulator.Control.ClearRequests();

        var edited = _shell.Invoke("$result | Edit-BailianImage 'make it a watercolor' @Emulator").AssertNoErrors().OnlyOutput();

        var edit = Assert.Single(emulator.ApiRequests);
        Assert.Equal([url], edit.Images());
        Assert.Equal("make it a watercolor", edit.Prompt());
        Assert.Equal("qwen-image-edit-plus", edit.Json()["model"]!.GetValue<string>());
        // The result's own seed and size describe how it was made, not the edit.
        Assert.Equal(["n"], edit.Parameters().Select(p => p.Key));
        Assert.Equal("make it a watercolor", edited.Text("Prompt"));
    }

    [Fact]
    public void A_path_piped_in_binds_to_Image_and_the_prompt_comes_by_position()
    {
        _shell.WritePng("photo.png");

        _shell.Invoke("'photo.png' | Edit-BailianImage 'make it blue' @Emulator").AssertNoErrors().OnlyOutput();

        var edit = Assert.Single(emulator.ApiRequests);
        Assert.Equal([Inline("photo.png")], edit.Images());
        Assert.Equal("make it blue", edit.Prompt());
    }

    [Fact]
    public void Without_a_prompt_nothing_is_sent()
    {
        _shell.WritePng("photo.png");

        var result = _shell.Invoke("Edit-BailianImage -Image photo.png @Emulator");

        Assert.Equal("Bailian.EmptyPrompt,Bailian.Commands.EditBailianImageCommand", Assert.Single(result.ErrorIds));
        Assert.Empty(emulator.ApiRequests);
    }

    [Theory]
    [InlineData("image")]
    [InlineData("images")]
    [InlineData("image_url")]
    [InlineData("Url")]
    public void A_CSV_image_column_binds_under_each_of_its_names(string column)
    {
        _shell.WritePng("photo.png");
        _shell.WriteText("edits.csv", $"prompt,{column}\nmake it blue,photo.png\n");

        _shell.Invoke("Import-Csv edits.csv | Edit-BailianImage @Emulator").AssertNoErrors().OnlyOutput();

        Assert.Equal([Inline("photo.png")], Assert.Single(emulator.ApiRequests).Images());
    }

    [Fact]
    public void A_CSV_row_names_several_images_with_semicolons_and_carries_its_options()
    {
        _shell.WritePng("girl.png", 1024, 1024);
        _shell.WritePng("dog.png", 800, 600);
        _shell.WriteText("edits.csv", """
            prompt,image,negative_prompt,n,seed,size,name,project
            the girl in image 1 hugs the dog in image 2,girl.png;dog.png,blurry,2,9,1024x768,hug,pets
            """);

        var results = _shell.Invoke("Import-Csv edits.csv | Edit-BailianImage @Emulator").AssertNoErrors().Output;

        var edit = Assert.Single(emulator.ApiRequests);
        Assert.Equal([Inline("girl.png"), Inline("dog.png")], edit.Images());
        Assert.Equal("the girl in image 1 hugs the dog in image 2", edit.Prompt());
        var parameters = edit.Parameters();
        Assert.Equal(("blurry", 2, 9, "1024*768"),
            (parameters["negative_prompt"]!.GetValue<string>(), parameters["n"]!.GetValue<int>(), parameters["seed"]!.GetValue<int>(), parameters["size"]!.GetValue<string>()));
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(("hug", "pets"), (r.Text("Name"), r.Text("project"))));
    }

    [Fact]
    public void A_wildcard_in_Image_sends_every_match_in_name_order()
    {
        _shell.WritePng("shot2.png", 800, 600);
        _shell.WritePng("shot1.png", 1024, 1024);
        _shell.WritePng("other.png");

        _shell.Invoke("Edit-BailianImage 'make them one' -Image 'shot*.png' @Emulator").AssertNoErrors();

        Assert.Equal([Inline("shot1.png"), Inline("shot2.png")], Assert.Single(emulator.ApiRequests).Images());
    }

    [Fact]
    public void LiteralPath_takes_brackets_as_part_of_the_name()
    {
        _shell.WritePng("shot[1].png");

        _shell.Invoke("Edit-BailianImage 'make it blue' -LiteralPath 'shot[1].png' @Emulator").AssertNoErrors();

        Assert.Equal([Inline("shot[1].png")], Assert.Single(emulator.ApiRequests).Images());
    }

    [Theory]
    [InlineData("expand", "top_scale", "1.5", 1.5)]
    [InlineData("expand", "bottom_scale", "1.25", 1.25)]
    [InlineData("expand", "left_scale", "2", 2.0)]
    [InlineData("expand", "right_scale", "1.1", 1.1)]
    [InlineData("stylization_all", "strength", "0.7", 0.7)]
    [InlineData("super_resolution", "upscale_factor", "3", 3.0)]
    public void Function_options_bind_from_snake_case_CSV_columns(string function, string column, string text, double expected)
    {
        _shell.WritePng("beach.png");
        _shell.WriteText("edits.csv", $"prompt,image,model,function,{column}\nedit the beach,beach.png,wanx2.1-imageedit,{function},{text}\n");

        _shell.Invoke("Import-Csv edits.csv | Edit-BailianImage @Emulator -Async").AssertNoErrors().OnlyOutput();

        var create = Assert.Single(emulator.ApiRequests);
        var input = create.Json()["input"]!;
        Assert.Equal((function, Inline("beach.png")), (input["function"]!.GetValue<string>(), input["base_image_url"]!.GetValue<string>()));
        Assert.Equal(expected, create.Parameters()[column]!.GetValue<double>());
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("0", false)]
    public void Is_sketch_takes_CSV_text(string text, bool expected)
    {
        _shell.WritePng("sketch.png");
        _shell.WriteText("edits.csv", $"prompt,image,model,function,is_sketch\na house,sketch.png,wanx2.1-imageedit,doodle,{text}\n");

        _shell.Invoke("Import-Csv edits.csv | Edit-BailianImage @Emulator -Async").AssertNoErrors();

        Assert.Equal(expected, Assert.Single(emulator.ApiRequests).Parameters()["is_sketch"]!.GetValue<bool>());
    }

    [Fact]
    public void A_mask_binds_from_its_CSV_column()
    {
        _shell.WritePng("room.png", 1024, 768);
        _shell.WritePng("mask.png", 1024, 768, seed: 1);
        _shell.WriteText("edits.csv", """
            prompt,image,mask_image_url,model,function
            a cartoon cat in a hat,room.png,mask.png,wanx2.1-imageedit,description_edit_with_mask
            """);

        _shell.Invoke("Import-Csv edits.csv | Edit-BailianImage @Emulator -Async").AssertNoErrors();

        var input = Assert.Single(emulator.ApiRequests).Json()["input"]!;
        Assert.Equal((Inline("room.png"), Inline("mask.png")),
            (input["base_image_url"]!.GetValue<string>(), input["mask_image_url"]!.GetValue<string>()));
        Assert.NotEqual(Inline("room.png"), Inline("mask.png"));
    }

    [Theory]
    [InlineData("yes", "oss://")]
    [InlineData("no", "data:image/png;base64,")]
    public void An_upload_column_sends_the_row_s_files_through_temporary_storage(string upload, string sentAs)
    {
        _shell.WritePng("photo.png");
        _shell.WriteText("edits.csv", $"prompt,image,upload\nmake it blue,photo.png,{upload}\n");

        _shell.Invoke("Import-Csv edits.csv | Edit-BailianImage @Emulator").AssertNoErrors();

        Assert.StartsWith(sentAs, Assert.Single(emulator.ApiRequests.Single(r => r.Path.EndsWith("/generation", StringComparison.Ordinal)).Images()), StringComparison.Ordinal);
        Assert.Equal(upload == "yes" ? 1 : 0, emulator.Control.Requests.Count(r => r.Kind == "upload"));
    }
}
