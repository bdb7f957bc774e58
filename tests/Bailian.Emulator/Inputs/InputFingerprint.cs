using System.Security.Cryptography;
using System.Text;

namespace Bailian.Emulator.Inputs;

/// <summary>
/// A 64-bit summary of what an edit started from (every input's bytes, in order, and any edit settings), mixed into
/// the rendering of its results: edits of different images, or with different settings, come out different.
/// </summary>
internal static class InputFingerprint
{
    public static ulong Of(IEnumerable<InputImage> images, string settings = "")
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var image in images)
        {
            hash.AppendData(image.Digest);
        }

        hash.AppendData(Encoding.UTF8.GetBytes(settings));
        var value = BitConverter.ToUInt64(hash.GetHashAndReset(), 0);

        // 0 means "no inputs" to the renderer, which keeps text-to-image results as they always were.
        return value == 0 ? 1 : value;
    }
}
