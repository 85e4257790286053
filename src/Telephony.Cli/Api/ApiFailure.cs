using Telephony.Sdk;

namespace Telephony.Cli.Api;

/// <summary>Turns the SDK's exceptions into an exit code and the SDK's own message; never a stack trace.</summary>
internal static class ApiFailure
{
    public static int Report(TelephonyException exception, TextWriter error)
    {
        var (exitCode, what) = exception switch
        {
            TelephonyAuthenticationException or TelephonyPermissionException => (ExitCodes.AuthenticationFailed, "The key was rejected"),
            TelephonyRateLimitException => (ExitCodes.RateLimited, "Rate limited"),
            TelephonyConnectionException or TelephonyTimeoutException => (ExitCodes.ConnectionFailed, "Could not reach Telephony.io"),
            TelephonyConfigurationException => (ExitCodes.Usage, "Bad settings"),
            _ => (ExitCodes.OtherFailure, "The call failed"),
        };
        error.WriteLine($"{what}: {exception.Message}");
        return exitCode;
    }
}
