using System;
using System.Collections.Generic;
using Bailian.Input;

namespace Bailian.Tests.Input;

public class ImageFieldsTests
{
    [Fact]
    public void Rebuilds_a_result_from_a_reimported_CSV_row()
    {
        var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Prompt"] = "a red fox", ["Model"] = "qwen-image-plus", ["Name"] = "fox", ["Index"] = "1", ["Seed"] = "42",
            ["CreatedAt"] = "2026-01-15T14:30:22+00:00", ["Size"] = "",
        };
        var image = new ImageFields(name => row.GetValueOrDefault(name)).ToImageResult("https://x/a.png?Expires=1767225600");
        Assert.Equal(("a red fox", "qwen-image-plus", "fox", 1, 42L), (image.Prompt, image.Model, image.Name, image.Index, image.Seed));
        Assert.Null(image.Size);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 14, 30, 22, TimeSpan.Zero), image.CreatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), image.ExpiresAt);
    }

    [Fact]
    public void A_bare_URL_gives_a_result_with_defaults()
    {
        var image = new ImageFields(_ => null).ToImageResult("https://x/a.png");
        Assert.Equal(("", 0, (long?)null), (image.Prompt, image.Index, image.Seed));
    }
}
