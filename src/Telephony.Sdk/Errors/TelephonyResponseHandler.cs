using Microsoft.Extensions.Options;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Configuration;
using Telephony.Sdk.Resilience;

namespace Telephony.Sdk.Errors;

/// <summary>
/// The one place where a response becomes a result or a typed exception, for modelled calls and <c>SendAsync</c> alike,
/// with the caller's cancellation token at hand. An error status (a redirect included: it is never followed) becomes
/// its <see cref="TelephonyApiException"/> after reading at most <see cref="ErrorResponseReader.MaxBodyBytes"/> of the
/// body, within what is left of <see cref="TelephonyResilienceOptions.TotalTimeout"/>. A success arrives with its body
/// already read (<see cref="SuccessBodyBuffer"/>, inside each attempt). An answer from another host than the one asked
/// (a redirect some handler followed) is refused. Outside the resilience pipeline, which retries on raw responses and
/// which an app may replace.
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

        // A success from the host asked passes straight through, without an asynchronous step.
        return sending.IsCompletedSuccessfully && sending.Result is { IsSuccessStatusCode: true } response &&
               ReferenceEquals(response.RequestMessage?.RequestUri, sent)
            ? sending
            : CheckAsync(sending, sent, started, cancellationToken);
    }

    private async Task<HttpResponseMessage> CheckAsync(Task<HttpResponseMessage> sending, Uri? sent, long started, CancellationToken cancellationToken)
    {
        var response = await sending.ConfigureAwait(false);
        try
        {
            return await CheckAsync(response, sent, started, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Also ends a body read still under way (a stalled one that outlived the budget).
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> CheckAsync(HttpResponseMessage response, Uri? sent, long started, CancellationToken cancellationToken)
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

        return response;
    }

    /// <summary>Waits for a body read, no longer than what is left of the call's <see cref="TelephonyResilienceOptions.TotalTimeout"/>.</summary>
    /// <exception cref="TelephonyTimeoutException">The budget ran out first; disposing the response (CheckAsync does) ends the read.</exception>
    private async Task WithinTotalTimeoutAsync(Task reading, HttpRequestMessage? request, long started, CancellationToken cancellationToken)
    {
        var total = CallBudget.Total(request, options.Get(optionsName).Resilience);
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
                    $"the call's time budget ({total}: TelephonyRequestOptions.Timeout or TelephonyClientOptions.Resilience.TotalTimeout). The status had arrived: the server may have done what was asked.",
                    e);
            }

            throw;
        }
    }

    private static bool SameHost(Uri? answered, Uri? sent) =>
        ReferenceEquals(answered, sent) || answered is not { IsAbsoluteUri: true } || sent is not { IsAbsoluteUri: true } ||
        Uri.Compare(answered, sent, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
