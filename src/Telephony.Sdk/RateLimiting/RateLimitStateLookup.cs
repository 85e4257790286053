using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.RateLimiting;

/// <summary>Reads a client's rate-limit state for <see cref="TelephonyClient.GetRateLimitState"/>.</summary>
internal static class RateLimitStateLookup
{
    public static TelephonyRateLimitState For(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().Get(name);
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        if (options.ApiKey is { Length: > 0 } key && KeyRateLimitRegistry.Find(clock, options.BaseAddress, key, options.RateLimit) is { } limit)
        {
            return limit.Snapshot();
        }

        // Nothing was sent with the key yet: what the first request will start from.
        var isPublishable = options.ApiKey is { } apiKey && ApiKeyShape.Classify(apiKey).Kind == TelephonyApiKeyKind.Publishable;
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
