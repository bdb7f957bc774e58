using System.Net;
using System.Net.Http.Headers;

namespace Bailian.Http;

/// <summary>
/// A JSON request body that can be written to the network only once, and knows whether it was.
/// "Was it written?" tells a failure that cannot have billed (never left the machine: safe to retry)
/// from one that may have. Refusing a second write also stops HttpClient's own silent resend on a
/// reused connection from posting a billable request twice.
/// </summary>
internal sealed class OneShotContent : HttpContent
{
    private readonly RequestBody _body;
    private int _writeStarted;

    public OneShotContent(RequestBody body)
    {
        _body = body;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    /// <summary>True once any attempt to put the body on the wire began.</summary>
    public bool WriteStarted => Volatile.Read(ref _writeStarted) == 1;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        if (Interlocked.Exchange(ref _writeStarted, 1) == 1)
        {
            throw new InvalidOperationException("Bailian does not send a billable request body twice.");
        }

        return _body.WriteToAsync(stream, CancellationToken.None);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
