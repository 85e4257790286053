namespace Telephony.Sdk.Errors;

/// <summary>
/// Reads the body of an error response (at most <see cref="ErrorResponseReader.MaxBodyBytes"/>) while the caller's
/// cancellation token is still at hand, so a stalled error body never outlives the caller's cancellation. The
/// exception mapping later reads the buffered copy.
/// </summary>
internal sealed class ErrorResponseBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
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
