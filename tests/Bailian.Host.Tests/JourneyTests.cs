using System;
using System.IO;
using System.Linq;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>The README's journeys, end to end: the built module in a runspace against the in-process emulator.</summary>
public sealed class JourneyTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private const string PromptsCsv = """
        prompt,name,project
        一只橘猫在阳光下打盹,orange_cat,pets
        "A lighthouse on a rocky cliff at dusk, oil painting",lighthouse,coast
        """;

    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void A_new_image_piped_to_Save_BailianImage_is_a_PNG_file_in_the_current_folder()
    {
        var saved = _shell.Invoke("New-BailianImage 'a cat' @Emulator | Save-BailianImage").AssertNoErrors().OnlyOutput();

        var file = Assert.IsType<FileInfo>(saved.BaseObject);
        Assert.Equal(_shell.WorkingFolder, file.DirectoryName);
        Assert.Matches(@"^\d{8}_\d{6}_a_cat_0_[0-9a-f]{8}\.png$", file.Name);
        Assert.Equal(PngSignature, File.ReadAllBytes(file.FullName)[..8]);
        Assert.Equal(("a cat", "qwen-image-plus"), (saved.Text("Prompt"), saved.Text("Model")));
        Assert.Single(emulator.ApiRequests);
        Assert.Equal(new Uri(saved.Text("Url")!).AbsolutePath, Assert.Single(emulator.Downloads).Path);
    }

    [Fact]
    public void A_CSV_of_Chinese_and_English_prompts_makes_one_result_per_row_carrying_the_row_s_other_columns()
    {
        _shell.WriteText("prompts.csv", PromptsCsv);

        var results = _shell.Invoke("Import-Csv prompts.csv | New-BailianImage @Emulator -Ordered").AssertNoErrors().Output;

        Assert.Equal(["Bailian.ImageResult", "Bailian.ImageResult"], results.Select(r => r.TypeName()));
        Assert.Equal(["一只橘猫在阳光下打盹", "A lighthouse on a rocky cliff at dusk, oil painting"], results.Select(r => r.Text("Prompt")));
        Assert.Equal(["orange_cat", "lighthouse"], results.Select(r => r.Text("Name")));
        Assert.Equal(["pets", "coast"], results.Select(r => r.Text("project")));
        Assert.Equal(["A lighthouse on a rocky cliff at dusk, oil painting", "一只橘猫在阳光下打盹"],
            emulator.ApiRequests.Select(r => r.Prompt()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_CSV_run_through_New_and_Save_names_each_file_after_its_row()
    {
        _shell.WriteText("prompts.csv", PromptsCsv);

        var files = _shell.Invoke("Import-Csv prompts.csv | New-BailianImage @Emulator | Save-BailianImage -Path output")
            .AssertNoErrors().Output.Select(f => Assert.IsType<FileInfo>(f.BaseObject)).ToList();

        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.Equal(Path.Combine(_shell.WorkingFolder, "output"), f.DirectoryName));
        // {time}_{name}_{index}: the time is the second it was saved.
        // {time}_{name}_{index}_{id}: the row's name between the time and the image's own id.
        Assert.All(files, f => Assert.Matches(@"^\d{8}_\d{6}_.+_[0-9a-f]{8}\.png$", f.Name));
        Assert.Equal(["lighthouse_0", "orange_cat_0"], files.Select(f => f.Name[16..^13]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WhatIf_sends_nothing_and_says_what_would_be_billed()
    {
        _shell.WriteText("prompts.csv", PromptsCsv);

        var result = _shell.Invoke("Import-Csv prompts.csv | New-BailianImage @Emulator -WhatIf").AssertNoErrors();

        Assert.Empty(result.Output);
        Assert.Empty(emulator.Control.Requests);
        Assert.Equal("What if: 2 row(s) would be billed (2 image(s)); 0 row(s) are already saved.", Assert.Single(result.Information).MessageData.ToString());
    }

    [Fact]
    public void A_rerun_with_ResumeFrom_sends_nothing_for_rows_already_saved_with_Metadata()
    {
        _shell.WriteText("prompts.csv", PromptsCsv);
        _shell.Invoke("Import-Csv prompts.csv | New-BailianImage @Emulator | Save-BailianImage -Path output -Metadata").AssertNoErrors();
        emulator.Control.ClearRequests();

        var again = _shell.Invoke("Import-Csv prompts.csv | New-BailianImage @Emulator -ResumeFrom output -Ordered").AssertNoErrors();

        Assert.Empty(emulator.Control.Requests);
        Assert.Equal(["orange_cat", "lighthouse"], again.Output.Select(r => r.Text("Name")));
        Assert.All(again.Output, r => Assert.True(File.Exists(r.Text("SavedPath")), $"{r.Text("SavedPath")} is not a saved file."));
    }
}
