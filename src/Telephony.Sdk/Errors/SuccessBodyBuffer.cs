using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Errors;

/// <summary>
/// Reads a success body whole, inside each attempt of the resilience pipeline, before Refit or <c>SendAsync</c> see it:
/// a body cut short is then a failed attempt (<see cref="TelephonyConnectionException"/>), retried where the request may
/// be retried, and a stalled one is ended by the attempt's and the call's timeouts. Larger than
/// <see cref="TelephonyClientOptions.MaxResponseBytes"/>, it fails after reading no more than that. Error bodies are read
/// once, by <see cref="TelephonyResponseHandler"/>, after the pipeline has decided.
/// </summary>
internal sealed class SuccessBodyBuffer(IOptionsMonitor<TelephonyClientOptions> options, string optionsName) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sending = base.SendAsync(request, cancellationToken);

        // A body of known, allowed length that is already at hand passes straight through, without an asynchronous step.
        return sending.IsCompletedSuccessfully && sending.Result is { IsSuccessStatusCode: true } response &&
               (SuccessBody.IsEmpty(response) ||
                (response.Content.Headers.ContentLength <= options.Get(optionsName).MaxResponseBytes &&
                 response.Content.LoadIntoBufferAsync(response.Content.Headers.ContentLength.Value).IsCompletedSuccessfully))
            ? sending
            : ReadAsync(sending, request, cancellationToken);
    }

    private async Task<HttpResponseMessage> ReadAsync(Task<HttpResponseMessage> sending, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await sending.ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || SuccessBody.IsEmpty(response))
        {
            return response;
        }

        try
        {
            await ReadAsync(response, request, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            response.Dispose();
            throw TransportFailures.LostWhileReading(request, e);
        }
        catch
        {
            // Also ends a read still under way (a stalled one whose attempt timed out).
            response.Dispose();
            throw;
        }
    }

    private async Task ReadAsync(HttpResponseMessage response, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var limit = options.Get(optionsName).MaxResponseBytes;
        var length = response.Content.Headers.ContentLength;
        if (length > limit)
        {
            throw SuccessBody.TooLarge(request, limit);
        }

        if (length is { } known)
        {
            await response.Content.LoadIntoBufferAsync(known).WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // Unknown length (chunked): read up to the limit, one byte more tells that the body goes on.
        var (body, complete) = await ErrorResponseReader.ReadBoundedAsync(response.Content, limit, keepPartial: false, cancellationToken).ConfigureAwait(false);
        if (!complete)
        {
            throw SuccessBody.TooLarge(request, limit);
        }

        var buffered = new ByteArrayContent(body.Array!, body.Offset, body.Count);
        foreach (var header in response.Content.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content.Dispose();
        response.Content = buffered;
    }
}
