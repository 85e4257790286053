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
        return exception is OperationCanceledException
            ? new TelephonyTimeoutException($"{request.Method} {request.RequestUri?.AbsolutePath} to {target} timed out before a response arrived.", exception)
            : new TelephonyConnectionException($"Could not reach {target}: {exception.Message}", exception);
    }
}
