using Bailian.Connection;
using Bailian.Generation;
using Bailian.Http;
using Bailian.Work;

namespace Bailian.Client;

/// <summary>
/// What one create call answered: the images themselves (<paramref name="Task"/> null), or the task that
/// will make them (<paramref name="Images"/> empty; the task is PENDING until queried).
/// </summary>
public sealed record CreateAnswer(IReadOnlyList<ImageResult> Images, ImageTask? Task = null);

/// <summary>
/// The protocol seam: how one API family turns a checked request (<see cref="PreparedGeneration"/>) into
/// images. Two implementations: DashScope's native API (<see cref="DashScope.DashScopeImageApi"/>) and an OpenAI-style
/// gateway (<see cref="OpenAi.OpenAiImageApi"/>: POST {base}/images/generations and {base}/images/edits, answered at
/// once, no tasks), chosen per connection by <see cref="ProtocolImageApi"/>. The batch engine, the resume journal and
/// the downloader see only <see cref="PreparedGeneration"/>, <see cref="ImageResult"/> (a URL, or its bytes) and
/// <see cref="ImageTask"/>. <see cref="BailianClient"/> holds one.
/// </summary>
/// <remarks>
/// The contract, which <see cref="Batch.BatchEngine"/> relies on:
/// <list type="bullet">
/// <item><b>Who retries.</b> The implementation sends a create call at most once per <see cref="CreateAsync"/>
/// when the caller turned retries off (<see cref="TransportOptions.WithoutRetries"/>, as the batch engine
/// does: its row loop retries through the model's gate, loop 2 of 4 in ARCHITECTURE.md). With retries on,
/// <see cref="DashScopeTransport"/>'s Polly pipeline retries only what cannot have billed. Uploads and other
/// helper calls follow the same options.</item>
/// <item><b>Billing.</b> The create call is an <see cref="ApiCall"/> with <c>IsBillable</c> set, sent through
/// <see cref="DashScopeTransport"/>: a failure after its body may have left is
/// <see cref="OutcomeUnknownException"/> (<see cref="ErrorIds.OutcomeUnknown"/>, not transient, never sent
/// again); one before it is <see cref="NotSentException"/> (<see cref="ErrorIds.Timeout"/> or
/// <see cref="ErrorIds.ConnectionFailed"/>, transient). A 200 whose body cannot be read is OutcomeUnknown too.</item>
/// <item><b>Error answers</b> become a <see cref="BailianException"/> with an id from <see cref="ErrorIds"/>
/// (the transport maps them through the call's <see cref="ApiCall.Answers"/>, an <see cref="IApiAnswers"/>): a refusal to try again later
/// must carry <see cref="ErrorIds.Throttled"/>, <c>IsTransient</c> true and <c>RetryAfter</c> when the server
/// gives one, because the batch's shared backoff keys on it; other transient answers (5xx) set
/// <c>IsTransient</c>; the rest (<see cref="ErrorIds.InvalidParameter"/>, <see cref="ErrorIds.ContentFiltered"/>,
/// <see cref="ErrorIds.InvalidApiKey"/>, <see cref="ErrorIds.QuotaOrBilling"/>, …) are final.</item>
/// <item><b>Answers.</b> A success without any image is <see cref="ErrorIds.NoImages"/>. Each
/// <see cref="ImageResult"/> carries the request's prompt, name, seed, model, region, endpoint, source images
/// and its <see cref="Batch.RowKey"/>, which the resume journal and Save-BailianImage -Metadata read.</item>
/// <item><b>Threads.</b> Called from worker threads, many at once: log only through the <see cref="IBailianLog"/> given.</item>
/// </list>
/// </remarks>
public interface IImageApi
{
    /// <summary>
    /// The checks of <paramref name="prepared"/> that need the endpoint but no network (the model is served in
    /// its region, what the request needs exists there): run before ShouldProcess and again before sending.
    /// </summary>
    /// <exception cref="BailianValidationException">Bailian.ModelNotInRegion, or a protocol's own refusal (DashScope: uploads outside Beijing).</exception>
    void CheckEndpoint(PreparedGeneration prepared, DashScopeEndpoint endpoint);

    /// <summary>
    /// Sends the billable create call of <paramref name="prepared"/> (after <see cref="CheckEndpoint"/> and any
    /// uploads it needs) and reads the answer: the images, or the task submitted.
    /// </summary>
    /// <exception cref="BailianException">As the remarks say: validation, not sent, outcome unknown, or the API's error.</exception>
    Task<CreateAnswer> CreateAsync(PreparedGeneration prepared, DashScopeConnection connection, TransportOptions options, IBailianLog log,
        CancellationToken cancellationToken);
}
