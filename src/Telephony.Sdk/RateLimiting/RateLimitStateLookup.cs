using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.RateLimiting;

/// <summary>Reads a client's rate-limit state for <see cref="TelephonyClient.GetRateLimitState()"/>.</summary>
internal static class RateLimitStateLookup
{
    /// <summary>The state of <paramref name="apiKey"/>, or of the client's configured key when it is <see langword="null"/>.</summary>
    public static TelephonyRateLimitState For(IServiceProvider services, string name, string? apiKey)
    {
        var options = services.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().Get(name);
        var key = apiKey ?? options.ApiKey;
        if (key is { Length: > 0 } && services.GetRequiredService<KeyRateLimitRegistry>().Find(options.BaseAddress, key, options.RateLimit) is { } limit)
        {
            return limit.Snapshot();
        }

        // Nothing was sent with the key yet: what the first request will start from.
        var isPublishable = TelephonyApiKey.TryParse(key, out var parsed) && parsed.Kind == TelephonyApiKeyKind.Publishable;
        var permits = options.RateLimit.PermitsPerMinute ?? TelephonyRateLimitOptions.DocumentedLimit(isPublishable);
        return new TelephonyRateLimitState
        {
            Limit = permits,
            LimitWindow = TimeSpan.FromMinutes(1),
            Remaining = options.RateLimit.LimiterFactory is null ? permits : null,
            Source = options.RateLimit.PermitsPerMinute is null ? TelephonyRateLimitSource.DocumentedDefault : TelephonyRateLimitSource.Configured,
        };
    }
}
