using System.Collections.Concurrent;

namespace Telephony.Sdk.Testing.RateLimiting;

/// <summary>
/// <see cref="FakeRateLimitAlgorithm.SlidingWindow"/> as an exact sliding log: a request is accepted when fewer than
/// L accepted requests are younger than W, so no span of W ever holds more than L.
/// </summary>
internal sealed class SlidingWindowRateLimiter(TimeProvider timeProvider, TimeSpan window) : IFakeRateLimiter
{
    private readonly ElapsedClock _clock = new(timeProvider);
    private readonly ConcurrentDictionary<string, Log> _logs = new(StringComparer.Ordinal);

    public FakeRateLimitDecision TryAcquire(string key, int limit)
    {
        var log = _logs.GetOrAdd(key, static _ => new Log());
        lock (log)
        {
            var now = _clock.Now;
            while (log.Accepted.TryPeek(out var oldest) && now - oldest >= window.Ticks)
            {
                log.Accepted.Dequeue();
            }

            var accepted = log.Accepted.Count < limit;
            if (accepted)
            {
                log.Accepted.Enqueue(now);
                log.Youngest = now;
            }

            var remaining = limit - log.Accepted.Count;
            var retryAfter = remaining > 0 ? TimeSpan.Zero : LeavesWindow(log.Accepted.Peek(), now);
            var resetAfter = log.Accepted.Count == 0 ? TimeSpan.Zero : LeavesWindow(log.Youngest, now);
            return new FakeRateLimitDecision(accepted, limit, window, remaining, resetAfter, retryAfter);
        }
    }

    private TimeSpan LeavesWindow(long acceptedAt, long now) => TimeSpan.FromTicks(acceptedAt + window.Ticks - now);

    private sealed class Log
    {
        // Times of the accepted requests younger than the window, oldest first.
        public Queue<long> Accepted { get; } = new();

        public long Youngest { get; set; }
    }
}
