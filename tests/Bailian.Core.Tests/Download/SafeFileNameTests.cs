using System.Text;
using Bailian.Download;

namespace Bailian.Tests.Download;

public class SafeFileNameTests
{
    [Theory]
    [InlineData("../../etc/passwd", "etc_passwd")]
    [InlineData(@"..\..\Windows\win.ini", "Windows_win.ini")]
    [InlineData("a<b>c:d\"e|f?g*h", "a_b_c_d_e_f_g_h")]
    [InlineData("tab\tand\nnewline", "tab_and_newline")]
    [InlineData("  spaced   out  ", "spaced_out")]
    [InlineData("trailing dots...", "trailing_dots")]
    [InlineData("", "image")]
    [InlineData("///", "image")]
    public void Cleans_names_for_Windows_and_Linux(string text, string expected) => Assert.Equal(expected, SafeFileName.Clean(text));

    [Theory]
    [InlineData("CON", "_CON")]
    [InlineData("con", "_con")]
    [InlineData("nul.png", "_nul.png")]
    [InlineData("COM1", "_COM1")]
    [InlineData("lpt9.x", "_lpt9.x")]
    [InlineData("CONSOLE", "CONSOLE")]
    public void Windows_device_names_are_defused(string text, string expected) => Assert.Equal(expected, SafeFileName.Clean(text));

    [Fact]
    public void Long_names_are_capped_in_UTF8_bytes_without_splitting_a_character()
    {
        var cleaned = SafeFileName.Clean(new string('猫', 200)); // 600 bytes of UTF-8
        Assert.True(Encoding.UTF8.GetByteCount(cleaned) <= SafeFileName.MaxStemBytes);
        Assert.Equal(50, cleaned.Length);
        var emoji = SafeFileName.Clean(string.Concat(System.Linq.Enumerable.Repeat("🦊", 100)));
        Assert.False(char.IsHighSurrogate(emoji[^1]));
    }

    [Theory]
    [InlineData("a red fox, watercolor", "a_red_fox")]
    [InlineData("一个可爱的小猫咪，在花园里玩耍，阳光明媚", "一个可爱的小猫咪")]
    [InlineData("one two three four five six seven eight", "one_two_three_four_five_six")]
    [InlineData(", leading comma then words", "leading_comma_then_words")]
    [InlineData("!!!", "image")]
    public void Prompt_words_are_the_first_clause_as_the_original_tool_named_files(string prompt, string expected) =>
        Assert.Equal(expected, SafeFileName.PromptWords(prompt));
}
