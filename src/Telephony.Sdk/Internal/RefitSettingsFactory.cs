using System.Text.Json.Serialization;
using Refit;
using Telephony.Sdk.Errors;

namespace Telephony.Sdk.Internal;

/// <summary>
/// Refit settings that keep Refit's own exceptions (which carry the request, Authorization header included)
/// from ever reaching callers: every failure becomes a <see cref="TelephonyException"/>.
/// </summary>
internal static class RefitSettingsFactory
{
    /// <summary>Gets the settings of the SDK's own contract, <see cref="ITelephonyApi"/>.</summary>
    public static RefitSettings Default { get; } = Create();

    public static RefitSettings Create(JsonSerializerContext? models = null)
    {
        var settings = RefitSettings.ForJsonContext(models ?? TelephonyJsonContext.Default);

        // Error statuses never reach Refit: TelephonyResponseHandler has already thrown their typed exception.
        settings.ExceptionFactory = static _ => default;
        settings.DeserializationExceptionFactory = static (response, exception) =>
            ValueTask.FromResult<Exception?>(InvalidResponse(response, exception));
        settings.TransportExceptionFactory = TransportFailures.ToTelephonyException;
        return settings;
    }

    // The body was read whole inside the attempt (SuccessBodyBuffer): what fails here is its JSON.
    private static TelephonyException InvalidResponse(HttpResponseMessage response, Exception exception) =>
        SuccessBody.NotTheJsonExpected(response, exception);
}
