using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Telephony.Sdk.Testing.RateLimiting;

/// <summary>
/// The rate-limit step of the fake API: picks a key's limit, counts the request with the chosen algorithm and writes
/// what the server reports about it. The settings are read once, when the server starts.
/// </summary>
internal sealed class FakeRateLimitGate(TelephonyFakeServerOptions options)
{
    private readonly IFakeRateLimiter _limiter =
        Create(options.RateLimitAlgorithm, options.TimeProvider, options.RateLimitWindow, options.RateLimitBurst);

    private readonly FrozenDictionary<string, int> _keyLimits = options.KeyRateLimits.ToFrozenDictionary(StringComparer.Ordinal);
    private readonly int _publishableLimit = options.PublishableKeyRateLimit;
    private readonly int _secretLimit = options.SecretKeyRateLimit;
    private readonly bool _retryAfter = options.RetryAfter;
    private readonly FakeRateLimitHeaders _headers = options.RateLimitHeaders;

    /// <summary>Counts a request of a known key; returns whether it is accepted, having written the response's headers.</summary>
    public bool TryAdmit(string apiKey, IHeaderDictionary responseHeaders)
    {
        var decision = _limiter.TryAcquire(apiKey, LimitOf(apiKey));
        RateLimitHeaderWriter.WriteRateLimit(responseHeaders, _headers, decision);
        if (!decision.Accepted && _retryAfter)
        {
            RateLimitHeaderWriter.WriteRetryAfter(responseHeaders, decision);
        }

        return decision.Accepted;
    }

    public static IFakeRateLimiter Create(FakeRateLimitAlgorithm algorithm, TimeProvider timeProvider, TimeSpan window, int? burst) =>
        algorithm switch
        {
            FakeRateLimitAlgorithm.FixedWindow => new FixedWindowRateLimiter(timeProvider, window),
            FakeRateLimitAlgorithm.SlidingWindow => new SlidingWindowRateLimiter(timeProvider, window),
            FakeRateLimitAlgorithm.TokenBucket => new TokenBucketRateLimiter(timeProvider, window, burst),
            FakeRateLimitAlgorithm.LeakyBucket => new LeakyBucketRateLimiter(timeProvider, window, burst),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not a rate-limit algorithm."),
        };

    private int LimitOf(string apiKey) =>
        _keyLimits.TryGetValue(apiKey, out var limit) ? limit
        : apiKey.StartsWith("pk_", StringComparison.Ordinal) ? _publishableLimit
        : _secretLimit;
}
