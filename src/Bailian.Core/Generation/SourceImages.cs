namespace Bailian.Generation;

internal static class SourceImages
{
    /// <summary>The edit's input images as they are shown (a data URI summarised); empty for text to image.</summary>
    public static IReadOnlyList<string> Of(PreparedGeneration prepared) =>
        prepared.Request is EditRequest edit ? edit.Images.Select(image => image.ToString()).ToList() : [];
}
