using Polly.RateLimiting;
using Polly.Timeout;
using Telephony.Sdk.Resilience;

namespace Telephony.Sdk.Errors;

/// <summary>Maps a failure to get any response at all to the SDK's client-side exception types.</summary>
internal static class TransportFailures
{
    public static Exception ToTelephonyException(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken)
    {
        // The caller's own cancellation is not a failure of the SDK: it stays an OperationCanceledException.
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return exception;
        }

        if (exception is TelephonyException)
        {
            return exception;
        }

        var target = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Authority) : "the Telephony.io API";
        return exception switch
        {
            TimeoutRejectedException or OperationCanceledException => new TelephonyTimeoutException(
                $"{request.Method} {request.RequestUri?.AbsolutePath} to {target} got no response in time " +
                "(TelephonyClientOptions.Resilience.AttemptTimeout / TotalTimeout).",
                exception),
            RateLimiterRejectedException rejected => ClientSideRejection.LimiterRefused(rejected.RetryAfter),
            _ => new TelephonyConnectionException($"Could not reach {target}: {exception.Message}", exception),
        };
    }

    /// <summary>The connection failed after the status arrived, while the body was being read.</summary>
    public static TelephonyConnectionException LostWhileReading(HttpRequestMessage? request, Exception exception)
    {
        var operation = request is null ? "the request" : $"{request.Method} {request.RequestUri?.AbsolutePath}";
        return new TelephonyConnectionException($"The connection was lost while reading the response to {operation}: {exception.Message}", exception);
    }
}
