using Microsoft.Extensions.Options;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Configuration;

namespace Telephony.Sdk.Errors;

/// <summary>
/// The one place where a response becomes a result or a typed exception, for modelled calls and <c>SendAsync</c> alike,
/// with the caller's cancellation token at hand. An error status (a redirect included: it is never followed) becomes
/// its <see cref="TelephonyApiException"/> after reading at most <see cref="ErrorResponseReader.MaxBodyBytes"/> of the
/// body. A success body larger than <see cref="TelephonyClientOptions.MaxResponseBytes"/> fails after reading no more
/// than that, and an answer from another host than the one asked (a redirect some handler followed) is refused. Outside
/// the resilience pipeline, which retries on raw responses and which an app may replace.
/// </summary>
internal sealed class TelephonyResponseHandler(
    IOptionsMonitor<TelephonyClientOptions> options, string optionsName, TimeProvider clock, TelephonyClientDescription client)
    : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = request.RequestUri;
        var sending = base.SendAsync(request, cancellationToken);

        // A success of known, allowed length that is already at hand passes straight through, without an asynchronous step.
        return sending.IsCompletedSuccessfully && sending.Result is { IsSuccessStatusCode: true } response &&
               response.Content.Headers.ContentLength <= options.Get(optionsName).MaxResponseBytes &&
               ReferenceEquals(response.RequestMessage?.RequestUri, sent)
            ? sending
            : CheckAsync(sending, sent, cancellationToken);
    }

    private async Task<HttpResponseMessage> CheckAsync(Task<HttpResponseMessage> sending, Uri? sent, CancellationToken cancellationToken)
    {
        var response = await sending.ConfigureAwait(false);
        try
        {
            return await CheckAsync(response, sent, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> CheckAsync(HttpResponseMessage response, Uri? sent, CancellationToken cancellationToken)
    {
        var request = response.RequestMessage;
        if (!SameHost(request?.RequestUri, sent))
        {
            // The host is the server's choice (a Location it sent): it may echo the key like a body can.
            var host = request?.RequestUri?.Authority;
            if (RequestKey.Of(request)?.Raw is { Length: > 0 } key)
            {
                host = host?.Replace(key, "[redacted]", StringComparison.OrdinalIgnoreCase);
            }

            throw new TelephonyException(
                $"The response to {request?.Method} came from {host}, not the configured API: a handler " +
                "followed a redirect. The SDK sends the key only to TelephonyClientOptions.BaseAddress; check that address.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorResponseReader.CreateExceptionAsync(response, clock, client, cancellationToken).ConfigureAwait(false);
        }

        // A HEAD answer has no body: its Content-Length is that of the GET body it stands for (RFC 9110, 9.3.2).
        if (request?.Method == HttpMethod.Head)
        {
            return response;
        }

        var limit = options.Get(optionsName).MaxResponseBytes;
        var length = response.Content.Headers.ContentLength;
        if (length > limit)
        {
            throw TooLarge(request, limit);
        }

        if (length is null)
        {
            // Unknown length (chunked): read up to the limit, one byte more tells that the body goes on.
            ReadOnlyMemory<byte> body;
            bool complete;
            try
            {
                (body, complete) = await ErrorResponseReader.ReadBoundedAsync(response.Content, limit, keepPartial: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // The status arrived: this is a body cut short, as Refit and SendAsync report one of known length.
                throw TransportFailures.LostWhileReading(request, e);
            }

            if (!complete)
            {
                throw TooLarge(request, limit);
            }

            var buffered = new ReadOnlyMemoryContent(body);
            foreach (var header in response.Content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content.Dispose();
            response.Content = buffered;
        }

        return response;
    }

    private static bool SameHost(Uri? answered, Uri? sent) =>
        ReferenceEquals(answered, sent) || answered is not { IsAbsoluteUri: true } || sent is not { IsAbsoluteUri: true } ||
        Uri.Compare(answered, sent, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static TelephonyException TooLarge(HttpRequestMessage? request, long limit) => new(
        $"The response to {request?.Method} {request?.RequestUri?.AbsolutePath} is larger than TelephonyClientOptions.MaxResponseBytes " +
        $"({limit:N0} bytes); no more than that was read. Raise the setting if the endpoint really returns more.");
}
