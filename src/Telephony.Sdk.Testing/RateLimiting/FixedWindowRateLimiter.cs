using System.Collections.Concurrent;

namespace Telephony.Sdk.Testing.RateLimiting;

/// <summary>
/// <see cref="FakeRateLimitAlgorithm.FixedWindow"/>: a window per key that opens at the key's first request (and at
/// the first request after it closes); at most L requests are accepted in it.
/// </summary>
internal sealed class FixedWindowRateLimiter(TimeProvider timeProvider, TimeSpan window) : IFakeRateLimiter
{
    private readonly ElapsedClock _clock = new(timeProvider);
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public FakeRateLimitDecision TryAcquire(string key, int limit)
    {
        var state = _windows.GetOrAdd(key, static _ => new Window());
        lock (state)
        {
            var now = _clock.Now;
            if (state.Count == 0 || now >= state.Start + window.Ticks)
            {
                state.Start = now;
                state.Count = 0;
            }

            var accepted = state.Count < limit;
            if (accepted)
            {
                state.Count++;
            }

            // At least one request is counted here, so the quota is whole again only when the window closes.
            var closes = TimeSpan.FromTicks(state.Start + window.Ticks - now);
            var remaining = limit - state.Count;
            return new FakeRateLimitDecision(accepted, limit, window, remaining, closes, remaining > 0 ? TimeSpan.Zero : closes);
        }
    }

    private sealed class Window
    {
        public long Start { get; set; }

        public int Count { get; set; }
    }
}
