using System.Linq;
using Bailian.Catalog;

namespace Bailian.Tests.Catalog;

public class ModelCatalogTests
{
    [Theory]
    [InlineData("qwen-image")]
    [InlineData("qwen-image-plus")]
    [InlineData("qwen-image-plus-2026-01-09")]
    [InlineData("qwen-image-max")]
    [InlineData("qwen-image-max-2025-12-30")]
    [InlineData("qwen-image-2.0")]
    [InlineData("qwen-image-2.0-pro")]
    [InlineData("qwen-image-2.0-pro-2026-04-22")]
    [InlineData("wan2.6-t2i")]
    public void Catalog_knows_the_models_of_the_first_release(string name)
    {
        Assert.True(ModelCatalog.Default.TryGet(name, out var model));
        Assert.Equal(name, model.Name);
        Assert.Equal(ApiProtocol.MultimodalGeneration, model.Protocol);
        Assert.NotEmpty(model.Regions);
    }

    [Fact]
    public void Model_names_match_case_insensitively_as_CSV_files_spell_them()
    {
        Assert.True(ModelCatalog.Default.TryGet(" Qwen-Image-PLUS ", out var model));
        Assert.Equal("qwen-image-plus", model.Name);
    }

    [Fact]
    public void Qwen_image_four_by_three_is_1472_by_1104_as_the_current_API_reference_says()
    {
        ModelCatalog.Default.TryGet("qwen-image-plus", out var model);
        Assert.Equal(["1664*928", "1472*1104", "1328*1328", "1104*1472", "928*1664"], model.Sizes);
        Assert.Equal("1664*928", model.DefaultSize);
        Assert.Equal((1, 1), (model.MinCount, model.MaxCount));
        Assert.Equal((800, 500), (model.MaxPromptLength, model.MaxNegativePromptLength));
    }

    [Fact]
    public void Wan26_describes_its_pixel_and_ratio_rule_in_words()
    {
        ModelCatalog.Default.TryGet("wan2.6-t2i", out var model);
        Assert.Equal("total pixels from 1280*1280 to 1440*1440, aspect ratio from 1:4 to 4:1 (for example 1280*1280, 1104*1472, 1472*1104, 960*1696, 1696*960)",
            model.SizeRule);
        Assert.Contains("us-east-1", model.Regions);
    }

    [Fact]
    public void Every_snapshot_points_at_a_model_of_its_own_family()
    {
        var models = ModelCatalog.Default.Models;
        foreach (var snapshot in models.Where(m => m.SnapshotOf is not null))
        {
            var pinned = models.Single(m => m.Name == snapshot.SnapshotOf);
            Assert.Equal(pinned.Family, snapshot.Family);
        }
    }

    [Fact]
    public void A_catalog_naming_an_unknown_family_is_refused()
    {
        using var json = new System.IO.MemoryStream("""{"families":[],"models":[{"name":"x","family":"nope"}]}"""u8.ToArray());
        var error = Assert.Throws<System.IO.InvalidDataException>(() => ModelCatalog.Parse(json));
        Assert.Contains("nope", error.Message);
    }
}
