namespace Bailian.Emulator.Pipeline;

/// <summary>Which of the emulator's three faces a request addresses; the names are those of <see cref="RecordedRequest.Kind"/>.</summary>
internal static class RequestKinds
{
    public const string Api = "api";
    public const string Download = "download";
    public const string Control = "control";

    public static readonly PathString ControlRoot = "/_emulator";
    public static readonly PathString ResultsRoot = "/results";

    public static string Classify(PathString path) =>
        path.StartsWithSegments(ControlRoot, StringComparison.Ordinal) ? Control
        : path.StartsWithSegments(ResultsRoot, StringComparison.Ordinal) ? Download
        : Api;
}
