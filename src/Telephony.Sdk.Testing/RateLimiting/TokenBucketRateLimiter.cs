using System.Collections.Concurrent;

namespace Telephony.Sdk.Testing.RateLimiting;

/// <summary>
/// <see cref="FakeRateLimitAlgorithm.TokenBucket"/>: a bucket of <c>capacity</c> tokens (L unless a burst is set)
/// that starts full and refills continuously at L per W; a request takes one token. Tokens are counted in the exact
/// units of <see cref="RateArithmetic"/>.
/// </summary>
internal sealed class TokenBucketRateLimiter(TimeProvider timeProvider, TimeSpan window, int? burst) : IFakeRateLimiter
{
    private readonly ElapsedClock _clock = new(timeProvider);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public FakeRateLimitDecision TryAcquire(string key, int limit)
    {
        var capacity = burst ?? limit;
        Int128 token = window.Ticks;
        var full = capacity * token;

        // A new bucket is full: refilling it from time zero tops it up to capacity.
        var bucket = _buckets.GetOrAdd(key, static (_, full) => new Bucket { Units = full }, full);
        lock (bucket)
        {
            var now = _clock.Now;
            bucket.Units = Int128.Min(full, bucket.Units + ((Int128)(now - bucket.Updated) * limit));
            bucket.Updated = now;

            var accepted = bucket.Units >= token;
            if (accepted)
            {
                bucket.Units -= token;
            }

            // The policy reported is the bucket's: its capacity, refilled from empty in capacity / (L per W); that is
            // L per W unless a burst other than L is set.
            return new FakeRateLimitDecision(
                accepted,
                capacity,
                RateArithmetic.TimeFor(capacity, limit, window),
                (int)(bucket.Units / token),
                RateArithmetic.TimeFor(full - bucket.Units, limit),
                RateArithmetic.TimeFor(token - bucket.Units, limit));
        }
    }

    private sealed class Bucket
    {
        public Int128 Units { get; set; }

        public long Updated { get; set; }
    }
}
