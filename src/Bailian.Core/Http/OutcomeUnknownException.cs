namespace Bailian.Http;

/// <summary>
/// A billable request failed after its body may have reached DashScope (a timeout, or the
/// connection dropped before the answer). The image may have been generated and billed, so it is
/// not sent again: doing so could bill twice.
/// </summary>
public sealed class OutcomeUnknownException(string model, Uri url, string reason, Exception? inner = null)
    : BailianException(ErrorIds.OutcomeUnknown, BailianErrorCategory.OperationTimeout,
        $"The request to {url.GetLeftPart(UriPartial.Path)} for {model} failed after it was sent ({reason}). " +
        "DashScope may have generated, and billed, the image; Bailian did not send it again so as not to pay twice. " +
        "Check your usage in the Model Studio console before retrying this row.",
        inner);
