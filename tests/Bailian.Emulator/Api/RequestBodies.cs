using System.Text;

namespace Bailian.Emulator.Api;

/// <summary>Request body and header reads shared by the API endpoints.</summary>
internal static class RequestBodies
{
    public static async Task<string> ReadAsync(HttpContext context)
    {
        // The request recorder buffered the body; read it again from the start.
        context.Request.Body.Position = 0;
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Whether a DashScope switch header (<c>X-DashScope-Async</c> and the like) says <c>enable</c>.</summary>
    public static bool IsEnabled(HttpContext context, string header) =>
        string.Equals(context.Request.Headers[header], "enable", StringComparison.OrdinalIgnoreCase);
}
