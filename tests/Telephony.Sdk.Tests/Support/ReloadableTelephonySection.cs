using Microsoft.Extensions.Configuration;

namespace Telephony.Sdk.Tests.Support;

/// <summary>An in-memory configuration with a <c>Telephony</c> section (key, address, no retries) that a test changes and reloads.</summary>
internal static class ReloadableTelephonySection
{
    public static IConfigurationRoot Create(string apiKey, Uri baseAddress) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telephony:ApiKey"] = apiKey,
                ["Telephony:BaseAddress"] = baseAddress.ToString(),
                ["Telephony:Resilience:MaxRetryAttempts"] = "0",
            })
            .Build();
}
