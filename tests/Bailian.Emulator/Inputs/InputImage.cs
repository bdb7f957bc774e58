namespace Bailian.Emulator.Inputs;

/// <summary>An input image that passed its model's checks.</summary>
/// <param name="Header">Its format and pixel size.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="Digest">The SHA-256 of its bytes, so that results can depend on what was edited.</param>
internal sealed record InputImage(ImageHeader Header, long Length, byte[] Digest)
{
    /// <summary>Width over height, which an edit's default output size keeps.</summary>
    public double AspectRatio => (double)Header.Width / Header.Height;
}
