using System.Globalization;
using Telephony.Sdk;

namespace Telephony.Samples.Blazor;

/// <summary>What to tell the user for each of the SDK's typed exceptions. Messages never hold the key.</summary>
internal static class TelephonyErrors
{
    public static string Describe(TelephonyException exception) => exception switch
    {
        TelephonyAuthenticationException e => $"The API key was refused (401): {e.ErrorMessage}",
        TelephonyPermissionException e => $"This key may not do that (403): {e.ErrorMessage}",
        TelephonyRateLimitException e => $"Rate limited (429); try again in {Seconds(e.RetryAfter)}",
        TelephonyServerException e => $"Telephony.io failed ({(int)e.StatusCode}); request id {e.RequestId ?? "none"}",
        TelephonyApiException e => $"{(int)e.StatusCode} {e.ErrorCode}: {e.ErrorMessage}",
        // In a browser this is also what a server that does not allow the app's origin (CORS) looks like.
        TelephonyConnectionException e => $"Telephony.io is unreachable (check BaseAddress and CORS): {e.Message}",
        TelephonyTimeoutException e => $"No answer in time: {e.Message}",
        TelephonyConfigurationException e => $"Fix the settings in wwwroot/appsettings.json: {e.Message}",
        _ => exception.Message,
    };

    private static string Seconds(TimeSpan? wait) =>
        wait is { } w ? string.Create(CultureInfo.InvariantCulture, $"{w.TotalSeconds:0} s") : "a moment";
}
