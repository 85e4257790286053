namespace Telephony.Sdk.Errors;

/// <summary>
/// Reads the body of an error response (at most <see cref="ErrorResponseReader.MaxBodyBytes"/>) while the caller's
/// cancellation token is still at hand, so a stalled error body never outlives the caller's cancellation: Refit's
/// exception factory, which maps the error later, is not given the caller's token. The mapping reads the buffered copy.
/// </summary>
internal sealed class ErrorResponseBufferingHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sending = base.SendAsync(request, cancellationToken);

        // A success that is already at hand passes straight through, without an asynchronous step of this handler's own.
        return sending.IsCompletedSuccessfully && sending.Result.IsSuccessStatusCode
            ? sending
            : BufferErrorAsync(sending, cancellationToken);
    }

    private static async Task<HttpResponseMessage> BufferErrorAsync(Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        var response = await sending.ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var original = response.Content;
        var body = await ErrorResponseReader.ReadBoundedAsync(original, cancellationToken).ConfigureAwait(false);
        var buffered = new ReadOnlyMemoryContent(body);
        foreach (var header in original.Headers)
        {
            // The length is the buffered copy's own; every other content header is kept.
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        response.Content = buffered;
        original.Dispose();
        return response;
    }
}
