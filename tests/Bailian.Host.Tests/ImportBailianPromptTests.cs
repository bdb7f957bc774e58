using System;
using System.IO;
using System.Linq;
using Bailian.Host.Tests.Support;

namespace Bailian.Host.Tests;

/// <summary>Import-BailianPrompt reading the Python tool's prompt.txt files (seed 000), and its rows in New-BailianImage.</summary>
public sealed class ImportBailianPromptTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    // The example of the tool's documentation (seed 000), verbatim.
    private const string SeedPrompt = """
        # 图像生成参数配置
        # 用户只需编辑这个文件即可
        prompt:
        一个可爱的小猫咪，在花园里玩耍，阳光明媚，花朵盛开
        size=1664*928
        prompt_extend=true
        watermark=false
        # 可选：负面提示词（不要出现的内容）
        negative_prompt:
        低分辨率，多肢体，低画质，肢体畸形，手指畸形，画面过饱和，蜡像感，人脸无细节，过度光滑，画面具有AI感。构图混乱。文字模糊，扭曲。
        """;

    private readonly HostedPowerShell _shell = new(emulator);

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void Files_from_Get_ChildItem_become_images_saved_with_each_file_s_settings()
    {
        _shell.WriteText("prompt.txt", SeedPrompt.Replace("\n", "\r\n", StringComparison.Ordinal));
        _shell.WriteText("fox.txt", "prompt:\na red fox\nin the snow\nsize=1328x1328\nwatermark=yes\n");

        var files = _shell.Invoke("Get-ChildItem *.txt | Import-BailianPrompt | New-BailianImage @Emulator -Ordered | Save-BailianImage -Path ./output")
            .AssertNoErrors().Output;

        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.True(File.Exists(f.Text("FullName"))));
        var requests = emulator.ApiRequests.OrderBy(r => r.Prompt(), StringComparer.Ordinal).ToList();
        Assert.Equal(["a red fox in the snow", "一个可爱的小猫咪，在花园里玩耍，阳光明媚，花朵盛开"], requests.Select(r => r.Prompt()));
        var fox = requests[0].Parameters();
        Assert.Equal(("1328*1328", true), (fox["size"]!.GetValue<string>(), fox["watermark"]!.GetValue<bool>()));
        Assert.False(fox.ContainsKey("prompt_extend"));
        Assert.False(fox.ContainsKey("negative_prompt"));
        var cat = requests[1].Parameters();
        Assert.Equal("1664*928", cat["size"]!.GetValue<string>());
        Assert.True(cat["prompt_extend"]!.GetValue<bool>());
        Assert.False(cat["watermark"]!.GetValue<bool>());
        Assert.StartsWith("低分辨率，多肢体", cat["negative_prompt"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_file_is_one_error_naming_its_line_and_the_other_files_are_still_read()
    {
        _shell.WriteText("a.txt", "prompt:\na cat\n");
        var bad = _shell.WriteText("b.txt", "prompt:\na cat\nwatermark=flase\n");
        _shell.WriteText("c.txt", "prompt:\na dog\n");

        var result = _shell.Invoke("Get-ChildItem *.txt | Import-BailianPrompt");

        Assert.Equal(["a cat", "a dog"], result.Output.Select(r => r.Text("Prompt")));
        var error = Assert.Single(result.Errors);
        Assert.Equal("Bailian.PromptFileInvalid,Bailian.Commands.ImportBailianPromptCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith($"{bad}, line 3: watermark 'flase' is not a boolean", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(bad, error.TargetObject);
        Assert.Equal("InvalidData", error.CategoryInfo.Category.ToString());
    }

    [Fact]
    public void A_file_asking_for_more_than_one_image_says_so_before_anything_is_billed()
    {
        // The Python tool reads n= but always made one image; here every one of them is made, and billed.
        var many = _shell.WriteText("many.txt", "prompt:\na cat\nn=3\n");
        _shell.WriteText("one.txt", "prompt:\na dog\nn=1\n");

        var result = _shell.Invoke("Get-ChildItem *.txt | Import-BailianPrompt").AssertNoErrors();

        Assert.Equal([3, 1], result.Output.Select(r => (int)r.Properties["Count"].Value));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal($"{many}: n=3 makes 3 images from this prompt, each billed (the Python tool reads n= but made one).", warning);
        Assert.Empty(emulator.ApiRequests);
    }

    [Theory]
    [InlineData("Import-BailianPrompt -Path ./p*.txt")]
    [InlineData("Import-BailianPrompt ./prompt1.txt, ./prompt2.txt")]
    [InlineData("'./prompt1.txt', './prompt2.txt' | Import-BailianPrompt")]
    [InlineData("Get-Item ./prompt1.txt, ./prompt2.txt | Import-BailianPrompt")]
    public void Paths_come_by_pattern_by_name_and_from_the_pipeline(string script)
    {
        _shell.WriteText("prompt1.txt", "a cat");
        _shell.WriteText("prompt2.txt", "a dog");

        var rows = _shell.Invoke(script).AssertNoErrors().Output;

        Assert.Equal(["a cat", "a dog"], rows.Select(r => r.Text("Prompt")));
        Assert.All(rows, r => Assert.Equal("Bailian.PromptFileRow", r.TypeName()));
        Assert.Equal(Path.Combine(_shell.WorkingFolder, "prompt1.txt"), rows[0].Text("SourceFile"));
        Assert.Equal("1", rows[0].Text("SourceLine"));
    }

    [Fact]
    public void LiteralPath_and_piped_files_take_brackets_literally()
    {
        _shell.WriteText("cat[1].txt", "a cat");

        var literal = _shell.Invoke("Import-BailianPrompt -LiteralPath 'cat[1].txt'").AssertNoErrors().OnlyOutput();
        var piped = _shell.Invoke("Get-ChildItem -Filter *.txt | Import-BailianPrompt").AssertNoErrors().OnlyOutput();

        Assert.Equal("a cat", literal.Text("Prompt"));
        Assert.Equal("a cat", piped.Text("Prompt"));
    }

    [Theory]
    [InlineData("Import-BailianPrompt ./none*.txt", "none*.txt: no file matches")]
    [InlineData("Import-BailianPrompt ./missing.txt", "missing.txt: does not exist.")]
    [InlineData("Import-BailianPrompt .", ": is a folder")]
    public void A_path_that_names_no_prompt_file_is_its_own_error(string script, string message)
    {
        _shell.WriteText("ok.txt", "a cat");

        var result = _shell.Invoke(script + "; Import-BailianPrompt ./ok.txt");

        Assert.Equal("a cat", result.OnlyOutput().Text("Prompt"));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Bailian.PromptFileInvalid,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains(message, error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_s_size_is_checked_against_the_model_before_anything_is_sent()
    {
        _shell.WriteText("prompt.txt", "prompt:\na cat\nsize=1024*1024\n");

        var result = _shell.Invoke("Import-BailianPrompt ./prompt.txt | New-BailianImage @Emulator -Model qwen-image-max");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Bailian.InvalidSize,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(_shell.WorkingFolder, "prompt.txt") + ", line 2", error.TargetObject.ToString());
        // What the user reads names the file and line, not only the row's place in the pipeline (a first-time user's finding).
        Assert.StartsWith(Path.Combine(_shell.WorkingFolder, "prompt.txt") + ", line 2 (row 1): ", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.ApiRequests);
    }
}
