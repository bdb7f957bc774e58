namespace Bailian.Images;

/// <summary>
/// Looks at local files and data URIs before anything is sent: that they exist, and what their header
/// says. Each problem is its own error naming the image.
/// </summary>
public static class ImageInspector
{
    // Enough base64 for any header but TIFF's, whose size can sit anywhere in the file.
    private const int HeaderChars = 64 * 1024;

    public static void Inspect(ImageSource image)
    {
        switch (image.Kind)
        {
            case ImageSourceKind.LocalFile:
                InspectFile(image);
                break;
            case ImageSourceKind.DataUri:
                InspectDataUri(image);
                break;
        }
    }

    private static void InspectFile(ImageSource image)
    {
        var file = new FileInfo(image.Value);
        if (!file.Exists)
        {
            throw new BailianValidationException(ErrorIds.ImageNotFound,
                Directory.Exists(image.Value) ? $"Image '{image.Value}' is a folder, not a file." : $"Image '{image.Value}' does not exist.");
        }

        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        image.Length = file.Length;
        image.Header = ImageHeader.Read(stream) ?? throw NotAnImage(image);
    }

    private static void InspectDataUri(ImageSource image)
    {
        var comma = image.Value.IndexOf(',');
        var meta = comma > 0 ? image.Value.Substring(5, comma - 5) : "";
        if (comma < 0 || !meta.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new BailianValidationException(ErrorIds.InvalidDataUri,
                $"The data URI '{Shorten(image.Value)}' is not of the form data:<mime type>;base64,<data>.");
        }

        var payload = comma + 1;
        var characters = image.Value.Length - payload;
        var padding = characters > 0 && image.Value[image.Value.Length - 1] == '=' ? (image.Value[image.Value.Length - 2] == '=' ? 2 : 1) : 0;
        image.Length = characters / 4 * 3 - padding;
        try
        {
            var take = characters <= HeaderChars ? characters : HeaderChars;
            var bytes = Convert.FromBase64String(image.Value.Substring(payload, take));
            image.Header = ImageHeader.Read(new MemoryStream(bytes))
                           ?? (take < characters ? ImageHeader.Read(new MemoryStream(Convert.FromBase64String(image.Value.Substring(payload)))) : null)
                           ?? throw NotAnImage(image);
        }
        catch (FormatException)
        {
            throw new BailianValidationException(ErrorIds.InvalidDataUri, $"The data URI '{Shorten(image.Value)}' does not hold valid base64.");
        }
    }

    private static BailianValidationException NotAnImage(ImageSource image) =>
        new(ErrorIds.UnsupportedImageFormat,
            $"Image '{image}' is not a PNG, JPEG, GIF, BMP, WEBP or TIFF file (judged by its first bytes, not its name).");

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";
}
