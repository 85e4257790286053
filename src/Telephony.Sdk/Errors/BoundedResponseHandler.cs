using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Errors;

/// <summary>
/// Keeps every response within what the caller configured, with the caller's cancellation token at hand. An error
/// body is read (at most <see cref="ErrorResponseReader.MaxBodyBytes"/>) here, so a stalled one never outlives the
/// caller's cancellation: Refit's exception factory, which maps the error later, is not given the token. A success
/// body larger than <see cref="TelephonyClientOptions.MaxResponseBytes"/> fails after reading no more than that. A
/// response from another host than the configured API (a redirect some handler followed) is refused.
/// </summary>
internal sealed class BoundedResponseHandler(IOptionsMonitor<TelephonyClientOptions> options, string optionsName) : DelegatingHandler
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
            : BoundAsync(sending, cancellationToken);
    }

    private async Task<HttpResponseMessage> BoundAsync(Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        var response = await sending.ConfigureAwait(false);
        var request = response.RequestMessage;
        if (!FromConfiguredApi(response))
        {
            response.Dispose();
            throw new TelephonyException(
                $"The response to {request?.Method} came from {request?.RequestUri?.Authority}, not the configured " +
                "API: a handler followed a redirect. The SDK sends the key only to TelephonyClientOptions.BaseAddress; check that address.");
        }

        var limit = response.IsSuccessStatusCode ? options.Get(optionsName).MaxResponseBytes : ErrorResponseReader.MaxBodyBytes;
        if (response.IsSuccessStatusCode && response.Content.Headers.ContentLength is { } length && length <= limit)
        {
            return response;
        }

        if (response.IsSuccessStatusCode && response.Content.Headers.ContentLength > limit)
        {
            response.Dispose();
            throw TooLarge(request, limit);
        }

        var original = response.Content;
        var (body, complete) = await ErrorResponseReader.ReadBoundedAsync(original, limit, keepPartial: !response.IsSuccessStatusCode, cancellationToken).ConfigureAwait(false);
        if (!complete && response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw TooLarge(request, limit);
        }

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

    private bool FromConfiguredApi(HttpResponseMessage response) =>
        response.RequestMessage?.RequestUri is not { IsAbsoluteUri: true } answered ||
        options.Get(optionsName).BaseAddress is not { IsAbsoluteUri: true } api ||
        Uri.Compare(answered, api, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static TelephonyException TooLarge(HttpRequestMessage? request, long limit) => new(
        $"The response to {request?.Method} {request?.RequestUri?.AbsolutePath} is larger than TelephonyClientOptions.MaxResponseBytes " +
        $"({limit:N0} bytes); no more than that was read. Raise the setting if the endpoint really returns more.");
}
