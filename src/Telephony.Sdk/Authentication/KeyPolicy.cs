namespace Telephony.Sdk.Authentication;

/// <summary>
/// The rules a key must meet before it is sent, shared by startup validation, the client constructor and the
/// authentication handler. Messages show only the redacted key.
/// </summary>
internal static class KeyPolicy
{
    /// <summary>Why <paramref name="key"/> may not be used in <paramref name="mode"/>, or <see langword="null"/> if it may.</summary>
    /// <param name="key">The key.</param>
    /// <param name="mode">The client's mode.</param>
    /// <param name="setting">Where the key was set, as messages name it: <c>TelephonyClientOptions.ApiKey</c>, say.</param>
    public static string? ModeProblem(TelephonyApiKey key, TelephonyClientMode mode, string setting)
    {
        if (mode != TelephonyClientMode.Client || key.Kind == TelephonyApiKeyKind.Publishable)
        {
            return null;
        }

        var what = key.Kind == TelephonyApiKeyKind.Secret ? "a secret key" : "a key of unknown shape";
        return $"{setting} is {what} ({key.Redacted}), and this is a client-mode build, which ships " +
               "to users' devices where anyone can extract it. Use a publishable key (pk_live_… or pk_test_…) in client apps " +
               "and keep secret keys on your server.";
    }

    /// <summary>Why <paramref name="key"/> does not fit the host environment, or <see langword="null"/> if it does.</summary>
    public static string? EnvironmentProblem(TelephonyApiKey key, string? hostEnvironment, string setting)
    {
        if (key.Environment == TelephonyApiKeyEnvironment.Live && string.Equals(hostEnvironment, "Development", StringComparison.OrdinalIgnoreCase))
        {
            return $"{setting} is a live key ({key.Redacted}) while the host environment is Development. " +
                   "Use a test key (pk_test_…/sk_test_…) outside production.";
        }

        if (key.Environment == TelephonyApiKeyEnvironment.Test && string.Equals(hostEnvironment, "Production", StringComparison.OrdinalIgnoreCase))
        {
            return $"{setting} is a test key ({key.Redacted}) while the host environment is Production. " +
                   "Use a live key in production.";
        }

        return null;
    }
}
