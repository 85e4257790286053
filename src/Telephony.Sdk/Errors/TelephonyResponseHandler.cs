using Microsoft.Extensions.Options;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Configuration;

namespace Telephony.Sdk.Errors;

/// <summary>
/// The one place where a response becomes a result or a typed exception, for modelled calls and <c>SendAsync</c> alike,
/// with the caller's cancellation token at hand. An error status (a redirect included: it is never followed) becomes
/// its <see cref="TelephonyApiException"/> after reading at most <see cref="ErrorResponseReader.MaxBodyBytes"/> of the
/// body. A success body is read here, whole, before the caller's code sees it: larger than
/// <see cref="TelephonyClientOptions.MaxResponseBytes"/>, it fails after reading no more than that. Every body must
/// arrive within what is left of <see cref="TelephonyResilienceOptions.TotalTimeout"/>: the pipeline's timeouts end
/// with the headers. An answer from another host than the one asked (a redirect some handler followed) is refused.
/// Outside the resilience pipeline, which retries on raw responses and which an app may replace.
/// </summary>
internal sealed class TelephonyResponseHandler(
    IOptionsMonitor<TelephonyClientOptions> options, string optionsName, TimeProvider clock, TelephonyClientDescription client)
    : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var sent = request.RequestUri;
        var sending = base.SendAsync(request, cancellationToken);

        // A success of known, allowed length whose body is already at hand passes straight through, without an asynchronous step.
        Task? buffering = null;
        return sending.IsCompletedSuccessfully && sending.Result is { IsSuccessStatusCode: true } response &&
               response.Content.Headers.ContentLength is { } length && length <= options.Get(optionsName).MaxResponseBytes &&
               ReferenceEquals(response.RequestMessage?.RequestUri, sent) &&
               (buffering = response.Content.LoadIntoBufferAsync(length)).IsCompletedSuccessfully
            ? sending
            : CheckAsync(sending, buffering, sent, started, cancellationToken);
    }

    private async Task<HttpResponseMessage> CheckAsync(
        Task<HttpResponseMessage> sending, Task? buffering, Uri? sent, long started, CancellationToken cancellationToken)
    {
        var response = await sending.ConfigureAwait(false);
        try
        {
            return await CheckAsync(response, buffering, sent, started, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Also ends a body read still under way (a stalled one that outlived the budget).
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> CheckAsync(
        HttpResponseMessage response, Task? buffering, Uri? sent, long started, CancellationToken cancellationToken)
    {
        var request = response.RequestMessage;
        if (!SameHost(request?.RequestUri, sent))
        {
            var host = ErrorResponseReader.ScrubHost(request?.RequestUri?.Authority, RequestKey.Of(request)?.Raw);

            throw new TelephonyException(
                $"The response to {request?.Method} came from {host}, not the configured API: a handler " +
                "followed a redirect. The SDK sends the key only to TelephonyClientOptions.BaseAddress; check that address.");
        }

        if (!response.IsSuccessStatusCode)
        {
            var reading = ErrorResponseReader.CreateExceptionAsync(response, clock, client, cancellationToken);
            await WithinTotalTimeoutAsync(reading, request, started, cancellationToken).ConfigureAwait(false);
            throw await reading.ConfigureAwait(false);
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

        if (length is { } known)
        {
            await ReadSuccessBodyAsync(buffering ?? response.Content.LoadIntoBufferAsync(known), request, started, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Unknown length (chunked): read up to the limit, one byte more tells that the body goes on.
            var reading = ErrorResponseReader.ReadBoundedAsync(response.Content, limit, keepPartial: false, cancellationToken);
            await ReadSuccessBodyAsync(reading, request, started, cancellationToken).ConfigureAwait(false);
            var (body, complete) = await reading.ConfigureAwait(false);
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

    /// <summary>Waits for a success body's read within the budget; the connection failing now is a body cut short, the status having arrived.</summary>
    private async Task ReadSuccessBodyAsync(Task reading, HttpRequestMessage? request, long started, CancellationToken cancellationToken)
    {
        try
        {
            await WithinTotalTimeoutAsync(reading, request, started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw TransportFailures.LostWhileReading(request, e);
        }
    }

    /// <summary>Waits for a body read, no longer than what is left of the call's <see cref="TelephonyResilienceOptions.TotalTimeout"/>.</summary>
    /// <exception cref="TelephonyTimeoutException">The budget ran out first; disposing the response (CheckAsync does) ends the read.</exception>
    private async Task WithinTotalTimeoutAsync(Task reading, HttpRequestMessage? request, long started, CancellationToken cancellationToken)
    {
        if (reading.IsCompleted)
        {
            await reading.ConfigureAwait(false);
            return;
        }

        var total = options.Get(optionsName).Resilience.TotalTimeout;
        var left = total - clock.GetElapsedTime(started);
        try
        {
            await reading.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !reading.IsCompleted))
        {
            // The read goes on until the response is disposed; its failure then is expected, not unobserved.
            _ = reading.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            if (e is TimeoutException)
            {
                throw new TelephonyTimeoutException(
                    $"The body of the response to {request?.Method} {request?.RequestUri?.AbsolutePath} did not arrive within " +
                    $"TelephonyClientOptions.Resilience.TotalTimeout ({total}). The status had arrived: the server may have done what was asked.",
                    e);
            }

            throw;
        }
    }

    private static bool SameHost(Uri? answered, Uri? sent) =>
        ReferenceEquals(answered, sent) || answered is not { IsAbsoluteUri: true } || sent is not { IsAbsoluteUri: true } ||
        Uri.Compare(answered, sent, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static TelephonyException TooLarge(HttpRequestMessage? request, long limit) => new(
        $"The response to {request?.Method} {request?.RequestUri?.AbsolutePath} is larger than TelephonyClientOptions.MaxResponseBytes " +
        $"({limit:N0} bytes); no more than that was read. Raise the setting if the endpoint really returns more.");
}
