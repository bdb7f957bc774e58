using Bailian.Emulator.Results;

namespace Bailian.Emulator.Uploads;

/// <summary>An OSS XML error answer (see <see cref="OssErrors"/>), as the upload checks return it.</summary>
internal sealed record OssError(int Status, string Code, string Message, IReadOnlyList<KeyValuePair<string, string>> Details)
{
    public OssError(int status, string code, string message)
        : this(status, code, message, [])
    {
    }

    public Task WriteAsync(HttpContext context) => OssErrors.WriteAsync(context, Status, Code, Message, Details);
}
