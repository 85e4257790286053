using System.Collections.Concurrent;

namespace Telephony.Sdk.Testing.RateLimiting;

/// <summary>
/// <see cref="FakeRateLimitAlgorithm.LeakyBucket"/> as a meter: the bucket holds at most <c>burst</c> requests
/// (L / 10, at least 1, unless set) and drains continuously at L per W; a request is accepted when the level after
/// draining leaves room for it, and then adds one. The level is counted in the exact units of
/// <see cref="RateArithmetic"/>. (A token bucket seen from the other side; kept apart so that each reads like its
/// usual description and reports its own policy.)
/// </summary>
internal sealed class LeakyBucketRateLimiter(TimeProvider timeProvider, TimeSpan window, int? burst) : IFakeRateLimiter
{
    private readonly ElapsedClock _clock = new(timeProvider);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public static int DefaultBurst(int limit) => Math.Max(1, limit / 10);

    public FakeRateLimitDecision TryAcquire(string key, int limit)
    {
        var size = burst ?? DefaultBurst(limit);
        Int128 request = window.Ticks;
        var room = (size - 1) * request;

        var bucket = _buckets.GetOrAdd(key, static _ => new Bucket());
        lock (bucket)
        {
            var now = _clock.Now;
            bucket.Units = Int128.Max(0, bucket.Units - ((Int128)(now - bucket.Updated) * limit));
            bucket.Updated = now;

            var accepted = bucket.Units <= room;
            if (accepted)
            {
                bucket.Units += request;
            }

            // The policy reported is the bucket's: a full bucket's worth of requests per the time it takes to drain,
            // so quota / window is the drain rate.
            return new FakeRateLimitDecision(
                accepted,
                size,
                RateArithmetic.TimeFor(size, limit, window),
                size - (int)RateArithmetic.CeilingDivide(bucket.Units, request),
                RateArithmetic.TimeFor(bucket.Units, limit),
                RateArithmetic.TimeFor(bucket.Units - room, limit));
        }
    }

    private sealed class Bucket
    {
        public Int128 Units { get; set; }

        public long Updated { get; set; }
    }
}
