using System;
using Bailian.Download;

namespace Bailian.Tests.Download;

public class FileNameTemplateTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 15, 14, 30, 22, TimeSpan.Zero);

    private static ImageResult Image(string? name = null) => new()
    {
        Url = "https://x/1.png", Prompt = "一个可爱的小猫咪，在花园里玩耍", Model = "qwen-image-plus", Index = 2, Seed = 7,
        Size = "1328*1328", Name = name, CreatedAt = Created, TaskId = "t-1", RequestId = "r-1",
    };

    private static string Local(string format) => Created.ToLocalTime().ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Default_is_time_then_prompt_words_then_index()
    {
        Assert.Equal($"{Local("yyyyMMdd_HHmmss")}_一个可爱的小猫咪_2", FileNameTemplate.Expand(FileNameTemplate.Default, Image(), DateTimeOffset.Now));
    }

    [Fact]
    public void A_row_name_replaces_the_prompt_words()
    {
        Assert.Equal($"{Local("yyyyMMdd_HHmmss")}_kitten_2", FileNameTemplate.Expand(FileNameTemplate.Default, Image("kitten"), DateTimeOffset.Now));
    }

    [Fact]
    public void Every_token_expands_and_the_extension_is_left_to_the_bytes()
    {
        Assert.Equal("qwen-image-plus_1328x1328_7_t-1_r-1_一个可爱的小猫咪",
            FileNameTemplate.Expand("{model}_{size}_{SEED}_{taskid}_{requestid}_{prompt}.png", Image(), DateTimeOffset.Now));
    }

    [Fact]
    public void A_name_cannot_climb_out_of_the_folder()
    {
        Assert.Equal("etc_passwd", FileNameTemplate.Expand("{name}", Image("../../etc/passwd"), DateTimeOffset.Now));
        Assert.Equal("a_b", FileNameTemplate.Expand("a/b", Image(), DateTimeOffset.Now));
    }

    [Fact]
    public void Unknown_tokens_are_an_error_that_lists_the_known_ones()
    {
        var error = Assert.Throws<BailianValidationException>(() => FileNameTemplate.Validate("{date}_{index}"));
        Assert.Equal("Bailian.InvalidFileName", error.ErrorId);
        Assert.Contains("{date}", error.Message);
        Assert.Contains("{time}", error.Message);
    }
}
