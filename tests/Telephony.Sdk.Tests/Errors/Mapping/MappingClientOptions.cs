namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>
/// Client settings for tests that pin how one response is mapped: retries are off, so each call is exactly one
/// request. Retries themselves are covered under Resilience/.
/// </summary>
internal static class MappingClientOptions
{
    public static TelephonyClientOptions Create(string apiKey, Uri baseAddress)
    {
        var options = new TelephonyClientOptions { ApiKey = apiKey, BaseAddress = baseAddress };
        options.Resilience.MaxRetryAttempts = 0;
        return options;
    }
}
