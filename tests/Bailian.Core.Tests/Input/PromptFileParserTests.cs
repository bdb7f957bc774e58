using System;
using System.IO;
using System.Text;
using Bailian.Input;

namespace Bailian.Tests.Input;

/// <summary>The Python tool's prompt.txt (seed 000), read as the tool reads it; every line it cannot read named.</summary>
public sealed class PromptFileParserTests : IDisposable
{
    private const string Path = "/prompts/prompt.txt";
    private const string SeedNegative = "低分辨率，多肢体，低画质，肢体畸形，手指畸形，画面过饱和，蜡像感，人脸无细节，过度光滑，画面具有AI感。构图混乱。文字模糊，扭曲。";
    private readonly string _folder = Directory.CreateTempSubdirectory("bailian-prompts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Fixture(string name) => File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Input", "Fixtures", name), Encoding.UTF8);

    private static PromptFileRow Parse(string text) => PromptFileParser.Parse(text, Path);

    private static PromptFileException Refused(string text) => Assert.Throws<PromptFileException>(() => Parse(text));

    private string Write(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertSeedExample(PromptFileRow row)
    {
        Assert.Equal("一个可爱的小猫咪，在花园里玩耍，阳光明媚，花朵盛开", row.Prompt);
        Assert.Equal("1664*928", row.Size);
        Assert.True(row.PromptExtend);
        Assert.False(row.Watermark);
        Assert.Equal(SeedNegative, row.NegativePrompt);
        Assert.Null(row.Count);
        Assert.Equal(4, row.SourceLine);
    }

    [Fact]
    public void The_seed_s_example_reads_as_the_tool_reads_it()
    {
        var row = Parse(Fixture("seed000-prompt.txt"));

        AssertSeedExample(row);
        Assert.Equal(Path, row.SourceFile);
    }

    [Theory]
    [InlineData("utf8", "\n")]
    [InlineData("utf8-bom", "\r\n")]
    [InlineData("utf8", "\r\n")]
    [InlineData("utf16-bom", "\r\n")]
    public void The_seed_s_example_reads_the_same_with_or_without_a_BOM_and_with_CRLF_or_LF(string encoding, string newline)
    {
        var text = Fixture("seed000-prompt.txt").Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", newline, StringComparison.Ordinal);
        var bytes = encoding switch
        {
            "utf8" => Encoding.UTF8.GetBytes(text),
            "utf8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            _ => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
        };

        var row = PromptFileReader.Read(Write("prompt.txt", bytes));

        AssertSeedExample(row);
        Assert.Equal(System.IO.Path.Combine(_folder, "prompt.txt"), row.SourceFile);
    }

    [Fact]
    public void The_lines_of_a_block_are_joined_with_a_space_and_comments_inside_it_skipped()
    {
        var row = Parse("Prompt:\n  a red fox  \n# not part of it\n\nin the snow\nNEGATIVE_PROMPT:\nblurry\nlow quality\n");

        Assert.Equal("a red fox in the snow", row.Prompt);
        Assert.Equal("blurry low quality", row.NegativePrompt);
        Assert.Equal(2, row.SourceLine);
    }

    [Fact]
    public void Settings_may_sit_inside_a_block_as_the_tool_reads_them()
    {
        var row = Parse("prompt:\na cat\nsize=1328*1328\nin a hat\n");

        Assert.Equal("a cat in a hat", row.Prompt);
        Assert.Equal("1328*1328", row.Size);
    }

    [Fact]
    public void Without_a_prompt_heading_one_line_of_text_is_the_prompt()
    {
        var row = Parse("# just the prompt\na lighthouse at dusk\nwatermark=yes\n");

        Assert.Equal("a lighthouse at dusk", row.Prompt);
        Assert.Equal(2, row.SourceLine);
        Assert.True(row.Watermark);
    }

    [Fact]
    public void What_the_file_does_not_give_is_left_to_the_model()
    {
        var row = Parse("prompt:\na cat\n");

        Assert.Null(row.Size);
        Assert.Null(row.PromptExtend);
        Assert.Null(row.Watermark);
        Assert.Null(row.NegativePrompt);
        Assert.Null(row.Count);
    }

    [Theory]
    [InlineData("1328*1328")]
    [InlineData("1328x1328")]
    [InlineData("1328X1328")]
    [InlineData("1328 * 1328")]
    [InlineData("1328×1328")]
    [InlineData("01328*1328")]
    public void Sizes_come_out_as_width_star_height(string size) =>
        Assert.Equal("1328*1328", Parse($"prompt:\na cat\nsize={size}\n").Size);

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData("1", true)]
    [InlineData("On", true)]
    [InlineData("false", false)]
    [InlineData("No", false)]
    [InlineData("0", false)]
    [InlineData("off", false)]
    public void Booleans_take_the_tool_s_spellings(string text, bool expected)
    {
        var row = Parse($"prompt:\na cat\nprompt_extend={text}\nwatermark = {text}\n");

        Assert.Equal(expected, row.PromptExtend);
        Assert.Equal(expected, row.Watermark);
    }

    [Fact]
    public void A_negative_prompt_line_and_a_count_are_read()
    {
        var row = Parse("prompt:\na cat\nnegative_prompt=blurry, dark\nn=2\n");

        Assert.Equal("blurry, dark", row.NegativePrompt);
        Assert.Equal(2, row.Count);
    }

    [Theory]
    [InlineData("prompt:\na cat\nE=mc2 on a blackboard\n", 3, "'E=mc2 on a blackboard' is not a setting")]
    [InlineData("prompt:\nstyle=watercolor\na cat\n", 2, "'style=watercolor' is not a setting")]
    [InlineData("prompt:\na sign that reads:\nOPEN\n", 2, "'a sign that reads:' is not a heading")]
    [InlineData("prompt :\na cat\n", 1, "is not a heading")]
    [InlineData("prompt:\na cat\nwatermark=flase\n", 3, "watermark 'flase' is not a boolean")]
    [InlineData("prompt:\na cat\nprompt_extend=\n", 3, "prompt_extend= has no value")]
    [InlineData("prompt:\na cat\nsize=big\n", 3, "size 'big' is not width*height")]
    [InlineData("prompt:\na cat\nsize=1664*928  # 16:9\n", 3, "Comments go on a line of their own")]
    [InlineData("prompt:\na cat\nsize=0*928\n", 3, "size '0*928'")]
    [InlineData("prompt:\na cat\nsize=1664*928\n\nsize=1328*1328\n", 5, "size= is given twice (first on line 3)")]
    [InlineData("prompt:\na cat\nprompt:\na dog\n", 3, "prompt: is given twice (first on line 1)")]
    [InlineData("a cat\na dog\n", 2, "'a dog' is text outside a prompt: or negative_prompt: block")]
    [InlineData("a cat\nprompt:\na dog\n", 2, "already given by the text on line 1")]
    [InlineData("prompt: a cat\n", 1, "write 'prompt:' on a line of its own")]
    [InlineData("prompt：\n一只猫\n", 1, "full-width colon")]
    [InlineData("prompt:\na cat\nnegative_prompt:\nblurry\nnegative_prompt=dark\n", 5, "already given by the negative_prompt: block (text on line 4)")]
    [InlineData("prompt:\na cat\nnegative_prompt=dark\nnegative_prompt:\n", 4, "already given by negative_prompt= on line 3")]
    [InlineData("prompt:\na cat\nn=0\n", 3, "n '0' is not a whole number")]
    [InlineData("prompt:\na cat\nn=2.5\n", 3, "n '2.5' is not a whole number")]
    [InlineData("# settings\nprompt:\n\nsize=1664*928\n", 2, "the prompt: block is empty")]
    public void A_line_the_format_does_not_have_is_an_error_naming_the_file_and_line(string text, int line, string problem)
    {
        var error = Refused(text);

        Assert.Equal(ErrorIds.PromptFileInvalid, error.ErrorId);
        Assert.Equal(line, error.Line);
        Assert.Equal(Path, error.Path);
        Assert.StartsWith($"{Path}, line {line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only comments\n\n")]
    [InlineData("size=1664*928\nwatermark=false\n")]
    public void A_file_without_a_prompt_is_an_error_naming_the_file(string text)
    {
        var error = Refused(text);

        Assert.Null(error.Line);
        Assert.StartsWith($"{Path}: has no prompt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_UTF8_is_an_error_naming_the_line_of_the_first_bad_byte()
    {
        // Notepad's "ANSI" on Chinese Windows: GB18030.
        var gb18030 = CodePagesEncoding().GetBytes("# 设置\nsize=1664*928\nprompt:\n一只猫\n");
        var path = Write("ansi.txt", gb18030);

        var error = Assert.Throws<PromptFileException>(() => PromptFileReader.Read(path));

        Assert.Equal(1, error.Line);
        Assert.Contains("is not UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("GB18030", error.Message, StringComparison.Ordinal);

        // "你" in GB18030 (C4 E3) is no UTF-8 sequence.
        var later = Write("later.txt", [.. Encoding.UTF8.GetBytes("prompt:\na cat\n"), 0xC4, 0xE3, (byte)'\n']);
        Assert.Equal(3, Assert.Throws<PromptFileException>(() => PromptFileReader.Read(later)).Line);
    }

    [Fact]
    public void A_UTF16_file_without_a_BOM_is_an_error_not_a_misreading()
    {
        var path = Write("utf16.txt", Encoding.Unicode.GetBytes("prompt:\na cat\n"));

        var error = Assert.Throws<PromptFileException>(() => PromptFileReader.Read(path));

        Assert.Equal(1, error.Line);
        Assert.Contains("UTF-16 without a byte order mark", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_or_a_folder_is_an_error_naming_it()
    {
        var missing = Assert.Throws<PromptFileException>(() => PromptFileReader.Read(System.IO.Path.Combine(_folder, "nope.txt")));
        var folder = Assert.Throws<PromptFileException>(() => PromptFileReader.Read(_folder));

        Assert.Equal(BailianErrorCategory.ObjectNotFound, missing.Category);
        Assert.EndsWith("nope.txt: does not exist.", missing.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{_folder}: is a folder", folder.Message, StringComparison.Ordinal);
    }

    private static Encoding CodePagesEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
