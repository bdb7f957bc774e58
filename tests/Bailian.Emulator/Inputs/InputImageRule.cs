using System.Security.Cryptography;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Inputs;

/// <summary>What one model accepts as an input image: formats, bytes, and the range of each side.</summary>
/// <param name="Formats">The formats taken; others are 415 <c>BadRequest.UnsupportedFileFormat</c>.</param>
/// <param name="MaxBytes">The largest file; bigger is 413 <c>BadRequest.TooLarge</c>.</param>
/// <param name="MinSide">The least width and height in pixels.</param>
/// <param name="MaxSide">The most width and height in pixels.</param>
internal sealed record InputImageRule(IReadOnlyList<ImageFormat> Formats, long MaxBytes, int MinSide, int MaxSide)
{
    /// <summary>n bounds the aspect ratio to 1:n to n:1 (wan2.7: 8); 0 leaves it unbounded.</summary>
    public int MaxAspectRatio { get; init; }

    /// <summary>Checks one file, cheapest first: bytes, signature, header, sides. Returns the first problem, or null.</summary>
    /// <param name="file">The decoded bytes.</param>
    /// <param name="label">How the messages name the image, e.g. <c>image 2</c>.</param>
    /// <param name="model">The model id, for the messages.</param>
    /// <param name="image">The image when there is no problem.</param>
    public ApiError? Check(byte[] file, string label, string model, out InputImage? image)
    {
        image = null;
        if (file.LongLength > MaxBytes)
        {
            return InputErrors.TooLarge(label, file.LongLength, MaxBytes, model);
        }

        if (ImageHeader.Detect(file) is not { } format || !Formats.Contains(format))
        {
            return InputErrors.UnsupportedFormat(label, model, Formats);
        }

        if (!ImageHeader.TryRead(file, format, out var header))
        {
            return InputErrors.Damaged(label, format);
        }

        if (header.Width < MinSide || header.Width > MaxSide || header.Height < MinSide || header.Height > MaxSide)
        {
            return InputErrors.SidesOutOfRange(label, header, model, MinSide, MaxSide);
        }

        if (MaxAspectRatio > 0 && ((long)header.Width > (long)header.Height * MaxAspectRatio || (long)header.Height > (long)header.Width * MaxAspectRatio))
        {
            return InputErrors.RatioOutOfRange(label, header, model, MaxAspectRatio);
        }

        image = new InputImage(header, file.LongLength, SHA256.HashData(file));
        return null;
    }
}
