using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Configuration;

/// <summary>
/// Falls back to the <c>TELEPHONY_API_KEY</c> environment variable when no key was configured, so a key can
/// stay out of code and configuration files entirely.
/// </summary>
internal sealed class ApiKeyFromEnvironment : IPostConfigureOptions<TelephonyClientOptions>
{
    public void PostConfigure(string? name, TelephonyClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Only the default client: a named client (another account) must never pick up the app-wide key by accident.
        if (name == Options.DefaultName && string.IsNullOrEmpty(options.ApiKey))
        {
            options.ApiKey = Environment.GetEnvironmentVariable(TelephonyClientOptions.ApiKeyEnvironmentVariable);
            options.ApiKeyFromEnvironmentVariable = !string.IsNullOrEmpty(options.ApiKey);
        }
    }
}
