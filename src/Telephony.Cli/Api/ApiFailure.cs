using System.Text;
using Telephony.Sdk;

namespace Telephony.Cli.Api;

/// <summary>Turns the SDK's exceptions into an exit code and the SDK's own message; never a stack trace.</summary>
internal static class ApiFailure
{
    /// <param name="exception">What the SDK threw.</param>
    /// <param name="error">Where to write the message.</param>
    /// <param name="apiKey">The key the call was made with, shown redacted in a refused key's advice.</param>
    /// <param name="keySource">Where the key came from (<c>standard input</c>, <c>TELEPHONY_API_KEY</c>).</param>
    public static int Report(TelephonyException exception, TextWriter error, string apiKey, string keySource)
    {
        var (exitCode, what) = exception switch
        {
            TelephonyAuthenticationException or TelephonyPermissionException => (ExitCodes.AuthenticationFailed, "The key was rejected"),
            TelephonyRateLimitException => (ExitCodes.RateLimited, "Rate limited"),
            TelephonyConnectionException or TelephonyTimeoutException => (ExitCodes.ConnectionFailed, "Could not reach Telephony.io"),
            TelephonyConfigurationException => (ExitCodes.Usage, "Bad settings"),
            _ => (ExitCodes.OtherFailure, "The call failed"),
        };
        var message = exception is TelephonyAuthenticationException rejected ? Rejected(rejected, apiKey, keySource) : exception.Message;
        error.WriteLine($"{what}: {message}");
        return exitCode;
    }

    // The SDK's advice after a 401 names the settings of an app (TelephonyClientOptions.ApiKey or TELEPHONY_API_KEY); the
    // tool knows where the key really came from, standard input included.
    private static string Rejected(TelephonyAuthenticationException e, string apiKey, string keySource)
    {
        using var status = new HttpResponseMessage(e.StatusCode);
        var message = new StringBuilder()
            .Append((int)e.StatusCode).Append(' ').Append(status.ReasonPhrase).Append(": ")
            .Append(string.IsNullOrWhiteSpace(e.ErrorMessage) ? "the server sent no error message" : e.ErrorMessage);
        if (e.ErrorCode is not null)
        {
            message.Append(" (code: ").Append(e.ErrorCode).Append(')');
        }

        message.Append(". The key ").Append(TelephonyApiKey.TryParse(apiKey, out var key) ? key.Redacted : "(malformed)").Append(" came from ").Append(keySource).Append(": check it against your dashboard");
        if (e.RequestId is not null)
        {
            message.Append(" [request id: ").Append(e.RequestId).Append(']');
        }

        return message.ToString();
    }
}
