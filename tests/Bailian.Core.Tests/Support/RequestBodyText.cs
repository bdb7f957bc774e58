using System.IO;
using System.Text;
using System.Threading;
using Bailian.Http;

namespace Bailian.Tests.Support;

public static class RequestBodyText
{
    /// <summary>The whole body as text, as it would go on the wire.</summary>
    public static string Text(this RequestBody body)
    {
        using var buffer = new MemoryStream();
        body.WriteToAsync(buffer, CancellationToken.None).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
