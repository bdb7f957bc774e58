using Bailian.Emulator.Inputs;

namespace Bailian.Emulator.Generation;

/// <summary>The output size of an edit that names none exactly: its last input image's shape (API doc §5.2, §5.3, §5.6, §5.8).</summary>
internal static class EditSizes
{
    /// <summary>
    /// <paramref name="requested"/> as is when it was sent as <c>W*H</c> or the model keeps no input shape; otherwise
    /// about its pixel count (the default's, or a named size's such as <c>2K</c>) at the last input's ratio.
    /// </summary>
    public static ImageSize Output(ModelRule model, ImageSize requested, bool exact, InputImage last) =>
        exact || !model.FollowsInputRatio ? requested : model.Size.FitRatio(last.AspectRatio, requested.Pixels);
}
