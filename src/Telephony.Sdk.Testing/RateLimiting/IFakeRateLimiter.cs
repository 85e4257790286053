namespace Telephony.Sdk.Testing.RateLimiting;

/// <summary>
/// One rate-limit algorithm of the fake, per key. Hand-written rather than System.Threading.RateLimiting: the fake
/// must run on an injected clock and report exact header values, and those limiters measure time with Stopwatch.
/// Implementations are thread-safe and count only the requests they accept.
/// </summary>
internal interface IFakeRateLimiter
{
    /// <summary>Counts a request of <paramref name="key"/> if its limit allows it, and describes the key's state after it.</summary>
    /// <param name="key">The API key.</param>
    /// <param name="limit">The key's limit: L requests per window.</param>
    FakeRateLimitDecision TryAcquire(string key, int limit);
}
