namespace Telephony.Sdk.Testing;

/// <summary>Which rate-limit headers a <see cref="TelephonyFakeServer"/> sends with every response to a known key.</summary>
public enum FakeRateLimitHeaders
{
    /// <summary>No rate-limit headers (429 responses still carry <c>Retry-After</c> unless <see cref="TelephonyFakeServerOptions.RetryAfter"/> is off).</summary>
    None,

    /// <summary>
    /// <c>X-RateLimit-Limit</c> (the quota), <c>X-RateLimit-Remaining</c> (requests that would be accepted now) and
    /// <c>X-RateLimit-Reset</c> (seconds until the quota is fully available again).
    /// </summary>
    XRateLimit,

    /// <summary>
    /// The IETF draft's structured fields (draft-ietf-httpapi-ratelimit-headers):
    /// <c>RateLimit-Policy: "default";q=&lt;quota&gt;;w=&lt;window seconds&gt;</c> and
    /// <c>RateLimit: "default";r=&lt;remaining&gt;;t=&lt;reset seconds&gt;</c>.
    /// </summary>
    Ietf,

    /// <summary>
    /// Only the policy, never a count: <c>RateLimit-Policy: "default";q=&lt;quota&gt;;w=&lt;window seconds&gt;</c>, as
    /// <see cref="Ietf"/> states it, without the <c>RateLimit</c> field. A client must follow the stated limit on its own.
    /// </summary>
    PolicyOnly,
}
