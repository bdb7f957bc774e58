namespace Bailian.Emulator.Pipeline;

/// <summary>Which of the emulator's four faces a request addresses; the names are those of <see cref="RecordedRequest.Kind"/>.</summary>
internal static class RequestKinds
{
    public const string Api = "api";
    public const string Download = "download";
    public const string Control = "control";
    public const string Upload = "upload";

    public static readonly PathString ControlRoot = "/_emulator";
    public static readonly PathString ResultsRoot = "/results";
    public static readonly PathString UploadRoot = "/oss-upload";

    public static string Classify(PathString path) =>
        path.StartsWithSegments(ControlRoot, StringComparison.Ordinal) ? Control
        : path.StartsWithSegments(ResultsRoot, StringComparison.Ordinal) ? Download
        : path.StartsWithSegments(UploadRoot, StringComparison.Ordinal) ? Upload
        : Api;
}
