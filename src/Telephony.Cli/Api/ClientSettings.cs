using System.CommandLine;
using Telephony.Sdk;

namespace Telephony.Cli.Api;

/// <summary>The key and address every command that calls the API uses: TELEPHONY_API_KEY, and --base-url or TELEPHONY_BASE_URL.</summary>
internal static class ClientSettings
{
    public const string BaseUrlVariable = "TELEPHONY_BASE_URL";

    public static Option<string?> BaseUrlOption() => new("--base-url")
    {
        Description = $"The API's base address (default: {BaseUrlVariable}, else https://www.telephony.io/api/). https://, or http:// to a loopback host only.",
        HelpName = "URL",
    };

    public static Option<TimeSpan> TimeoutOption() => new("--timeout")
    {
        Description = "How long the call may take in all, retries and rate-limit waits included.",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        HelpName = "hh:mm:ss",
    };

    /// <summary>Creates a client for <paramref name="apiKey"/>; on bad settings returns <see langword="null"/> with what to fix in <paramref name="error"/>.</summary>
    public static TelephonyClient? CreateClient(string apiKey, string? baseUrl, TimeSpan timeout, out string? error)
    {
        error = null;
        var options = new TelephonyClientOptions { ApiKey = apiKey };
        baseUrl ??= Environment.GetEnvironmentVariable(BaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out var address))
            {
                error = $"The base URL is not an absolute URL: give one such as https://www.telephony.io/api/ (--base-url or {BaseUrlVariable}).";
                return null;
            }

            options.BaseAddress = address;
        }

        if (timeout <= TimeSpan.Zero)
        {
            error = "--timeout must be positive, e.g. 00:00:30.";
            return null;
        }

        options.Resilience.TotalTimeout = timeout;
        options.Resilience.AttemptTimeout = timeout < options.Resilience.AttemptTimeout ? timeout : options.Resilience.AttemptTimeout;
        try
        {
            return new TelephonyClient(options);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }
    }
}
