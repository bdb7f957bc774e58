using Bailian.Connection;

namespace Bailian.Http;

/// <summary>
/// A billable request failed after its body may have reached the service (a timeout, or the connection
/// dropped before the answer). The image may have been generated and billed, so it is not sent again:
/// doing so could bill twice.
/// </summary>
/// <param name="protocol">Who may have billed: the message sends a DashScope user to the Model Studio console, a gateway's user to the gateway.</param>
public sealed class OutcomeUnknownException(string model, Uri url, string reason, Exception? inner = null,
    ConnectionProtocol protocol = ConnectionProtocol.DashScope)
    : BailianException(ErrorIds.OutcomeUnknown, BailianErrorCategory.OperationTimeout,
        $"The request to {url.GetLeftPart(UriPartial.Path)} for {model} failed after it was sent ({reason}). " +
        (protocol == ConnectionProtocol.OpenAI
            ? "The gateway may have generated, and billed, the image; Bailian did not send it again so as not to pay twice. " +
              $"Check your usage with the gateway at {url.Host} before retrying this row."
            : "DashScope may have generated, and billed, the image; Bailian did not send it again so as not to pay twice. " +
              "Check your usage in the Model Studio console before retrying this row."),
        inner);
