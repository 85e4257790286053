using Polly;
using Polly.Timeout;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.Errors;

/// <summary>Maps a failure to get any response at all to the SDK's client-side exception types.</summary>
internal static class TransportFailures
{
    public static Exception ToTelephonyException(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken)
    {
        // The caller's own cancellation is not a failure of the SDK: it stays an OperationCanceledException.
        if (exception is TelephonyException || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return exception;
        }

        var target = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Authority) : "the Telephony.io API";
        var detail = ErrorResponseReader.ScrubHost(exception.Message, RequestKey.Of(request)?.Raw);
        return exception switch
        {
            TimeoutRejectedException or OperationCanceledException => new TelephonyTimeoutException(
                $"{request.Method} {request.RequestUri?.AbsolutePath} to {target} got no response in time " +
                "(TelephonyClientOptions.Resilience.AttemptTimeout / TotalTimeout).",
                exception),
            HttpRequestException or IOException or ExecutionRejectedException =>
                new TelephonyConnectionException($"Could not reach {target}: {detail}", exception),

            // Any other exception came from a handler on the client's HttpClient (the SDK's or the app's), not from the network.
            _ => new TelephonyException(
                $"{request.Method} {request.RequestUri?.AbsolutePath} to {target} failed in the client before any response " +
                $"({exception.GetType().Name}: {detail}); a handler on its HttpClient threw, and the inner exception has its stack trace.",
                exception),
        };
    }

    /// <summary>The connection failed after the status arrived, while the body was being read.</summary>
    public static TelephonyConnectionException LostWhileReading(HttpRequestMessage? request, Exception exception) => new(
        $"The connection was lost while reading the response to {(request is null ? "the request" : $"{request.Method} {request.RequestUri?.AbsolutePath}")}: {exception.Message}",
        exception);
}
