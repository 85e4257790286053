using Microsoft.Extensions.DependencyInjection;
using Refit;
using Telephony.Sdk.Configuration;
using Telephony.Sdk.Errors;

namespace Telephony.Sdk.Internal;

/// <summary>
/// Refit settings that keep Refit's own exceptions (which carry the request, Authorization header included)
/// from ever reaching callers: every failure becomes a <see cref="TelephonyException"/>.
/// </summary>
internal static class RefitSettingsFactory
{
    public static RefitSettings Create(IServiceProvider services, string name)
    {
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var client = TelephonyClientDescription.For(services, name);
        var settings = RefitSettings.ForJsonContext(TelephonyJsonContext.Default);

        // Refit asks on every response, successes included: those get their answer without an asynchronous step.
        settings.ExceptionFactory = response => response.IsSuccessStatusCode
            ? default
            : ErrorAsync(response, timeProvider, client);
        settings.DeserializationExceptionFactory = static (response, exception) =>
            ValueTask.FromResult<Exception?>(InvalidResponse(response, exception));
        settings.TransportExceptionFactory = TransportFailures.ToTelephonyException;
        return settings;
    }

    // The body was read by BoundedResponseHandler with the caller's token; this reads the buffered copy.
    private static async ValueTask<Exception?> ErrorAsync(HttpResponseMessage response, TimeProvider timeProvider, TelephonyClientDescription client) =>
        await ErrorResponseReader.CreateExceptionAsync(response, timeProvider, client, CancellationToken.None).ConfigureAwait(false);

    private static TelephonyException InvalidResponse(HttpResponseMessage response, Exception exception)
    {
        var request = response.RequestMessage;
        var operation = request is null ? "the request" : $"{request.Method} {request.RequestUri?.AbsolutePath}";
        if (exception is IOException or HttpRequestException)
        {
            return TransportFailures.LostWhileReading(request, exception);
        }

        return new TelephonyException(
            $"The response to {operation} ({(int)response.StatusCode}) was not the JSON the SDK expected: {exception.Message}",
            exception);
    }
}
