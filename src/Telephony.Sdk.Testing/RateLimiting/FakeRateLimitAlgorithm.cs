namespace Telephony.Sdk.Testing;

/// <summary>
/// How a <see cref="TelephonyFakeServer"/> counts a key's requests against its limit (L requests per
/// <see cref="TelephonyFakeServerOptions.RateLimitWindow"/>, W). Only accepted requests count.
/// </summary>
public enum FakeRateLimitAlgorithm
{
    /// <summary>A window of W per key that opens at the key's first request; at most L requests in it. The API's own model.</summary>
    FixedWindow,

    /// <summary>An exact sliding log: at most L requests accepted in any span of W.</summary>
    SlidingWindow,

    /// <summary>
    /// A bucket of <see cref="TelephonyFakeServerOptions.RateLimitBurst"/> tokens (L by default) that starts full and
    /// refills continuously at L per W; each request takes one token.
    /// </summary>
    TokenBucket,

    /// <summary>
    /// A leaky bucket as a meter: it holds at most <see cref="TelephonyFakeServerOptions.RateLimitBurst"/> requests
    /// (L / 10, at least 1, by default) and drains continuously at L per W; a request is accepted while there is room.
    /// </summary>
    LeakyBucket,
}
