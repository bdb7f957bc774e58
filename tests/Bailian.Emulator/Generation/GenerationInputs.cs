using System.Globalization;
using Bailian.Emulator.Api;
using Bailian.Emulator.Inputs;

namespace Bailian.Emulator.Generation;

/// <summary>
/// Reads a new-protocol request's <c>{"image"}</c> items (sync and async alike) and applies what they decide: the
/// output size when none was given as <c>W*H</c>, and the fingerprint that makes edits of different images differ.
/// </summary>
internal static class GenerationInputs
{
    /// <summary>The request with its inputs applied, or the first problem with them.</summary>
    public static ApiError? Apply(GenerationRequest request, InputImageReader reader, RequestScope scope, out GenerationRequest? result)
    {
        result = request;
        if (request.Images.Count == 0)
        {
            return null;
        }

        // The doc's own names for them: image 1, image 2, ... in content order (API doc §2.1).
        var model = request.Model;
        if (reader.ReadAll(request.Images, ImageLabel, model.Inputs, model.Name, scope, out var images) is { } error)
        {
            result = null;
            return error;
        }

        result = request with
        {
            Size = EditSizes.Output(model, request.Size, request.SizeIsExact, images[^1]),
            InputHash = InputFingerprint.Of(images),
        };
        return null;
    }

    private static string ImageLabel(int index) => string.Create(CultureInfo.InvariantCulture, $"image {index + 1}");
}
