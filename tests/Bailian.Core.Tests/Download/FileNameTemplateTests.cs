using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
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
    public void Default_is_time_then_prompt_words_then_index_then_a_short_id_of_the_image()
    {
        Assert.Matches($"^{Local("yyyyMMdd_HHmmss")}_一个可爱的小猫咪_2_[0-9a-f]{{8}}$", FileNameTemplate.Expand(FileNameTemplate.Default, Image(), DateTimeOffset.Now));
    }

    [Fact]
    public void A_row_name_replaces_the_prompt_words()
    {
        Assert.Matches($"^{Local("yyyyMMdd_HHmmss")}_kitten_2_[0-9a-f]{{8}}$", FileNameTemplate.Expand(FileNameTemplate.Default, Image("kitten"), DateTimeOffset.Now));
    }

    [Theory]
    [InlineData("kitten", "kitten")]
    [InlineData("a_small_harbor", "a_small_harbor")]
    [InlineData("一个可爱的小猫咪", "一个可爱的小猫咪")]
    public void The_name_a_default_save_was_made_from_is_read_back(string name, string expected)
    {
        var stem = FileNameTemplate.Expand(FileNameTemplate.Default, Image(name), DateTimeOffset.Now);

        Assert.Equal(expected, FileNameTemplate.NameOfSaved(stem));
        Assert.Equal(expected, FileNameTemplate.NameOfSaved(FileNameTemplate.Expand(FileNameTemplate.Default, Image(FileNameTemplate.NameOfSaved(stem)), DateTimeOffset.Now)));
    }

    [Theory]
    [InlineData("holiday_photo")]
    [InlineData("20261130_164331")]
    [InlineData("20261130_164331_cat_0_NOTHEX12")]
    public void Other_names_are_kept_as_they_are(string stem) => Assert.Equal(stem, FileNameTemplate.NameOfSaved(stem));

    // Issue 9: five rows finishing in one second gave one file and four Bailian.FileExists; so did rows
    // sharing a name, two runs within a second, and duplicate rows. Each image has its own URL.
    [Fact]
    public void Default_names_differ_for_images_made_in_the_same_second_under_the_same_name()
    {
        var images = Enumerable.Range(0, 5).Select(i => new ImageResult
        {
            Url = $"https://dashscope-result.oss-cn-beijing.aliyuncs.com/1d/{i}/result.png?Expires=1768487422&OSSAccessKeyId=x&Signature=s{i}",
            Prompt = "一只橘猫", Name = "cat", Index = 0, CreatedAt = Created, Model = "qwen-image-plus",
        }).ToList();

        var names = images.Select(image => FileNameTemplate.Expand(FileNameTemplate.Default, image, DateTimeOffset.Now)).ToList();

        Assert.Equal(5, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_id_belongs_to_the_image_not_to_its_signature()
    {
        string Id(string url) => FileNameTemplate.Expand("{id}", new ImageResult { Url = url }, DateTimeOffset.Now);

        var signedOnce = Id("https://x.oss-cn-beijing.aliyuncs.com/a/b.png?Expires=1768487422&OSSAccessKeyId=k&Signature=one");
        Assert.Matches("^[0-9a-f]{8}$", signedOnce);
        Assert.Equal(signedOnce, Id("https://x.oss-cn-beijing.aliyuncs.com/a/b.png?Expires=1768573822&OSSAccessKeyId=k&Signature=two"));
        Assert.NotEqual(signedOnce, Id("https://x.oss-cn-beijing.aliyuncs.com/a/c.png?Expires=1768487422&OSSAccessKeyId=k&Signature=one"));
        // Unsigned, the query may be what tells two images apart.
        Assert.NotEqual(Id("https://example.com/get?id=1"), Id("https://example.com/get?id=2"));
    }

    [Fact]
    public void A_long_name_is_shortened_but_what_tells_images_apart_is_kept_within_the_byte_cap()
    {
        var image = Image(string.Concat(Enumerable.Repeat("橘猫", 100)));

        var stem = FileNameTemplate.Expand(FileNameTemplate.Default, image, DateTimeOffset.Now);
        var userStem = FileNameTemplate.Expand("{name}_{taskid}_{index}", image, DateTimeOffset.Now);

        Assert.True(Encoding.UTF8.GetByteCount(stem) <= SafeFileName.MaxStemBytes, stem);
        Assert.Matches($"^{Local("yyyyMMdd_HHmmss")}_(橘猫)+橘?_2_[0-9a-f]{{8}}$", stem);
        Assert.True(Encoding.UTF8.GetByteCount(userStem) <= SafeFileName.MaxStemBytes, userStem);
        Assert.EndsWith("_t-1_2", userStem, StringComparison.Ordinal);
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
