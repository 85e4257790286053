using System.Collections.Concurrent;

namespace Telephony.Sdk.Testing;

/// <summary>
/// The fake's per-key rate limit: a fixed window per key that opens at the key's first request. Hand-written rather
/// than System.Threading.RateLimiting because the fake must run on an injected clock and report the exact
/// <c>Retry-After</c> the window implies.
/// </summary>
internal sealed class FixedWindowCounter(TimeProvider timeProvider, TimeSpan window)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts a request; returns <see langword="null"/> when allowed, else how long until the window closes.</summary>
    public TimeSpan? TryAcquire(string key, int limit)
    {
        var state = _windows.GetOrAdd(key, static _ => new Window());
        var now = timeProvider.GetUtcNow();
        lock (state)
        {
            if (state.Count == 0 || now >= state.Start + window)
            {
                state.Start = now;
                state.Count = 0;
            }

            if (state.Count < limit)
            {
                state.Count++;
                return null;
            }

            return state.Start + window - now;
        }
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public int Count { get; set; }
    }
}
