using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;

namespace Telephony.Sdk;

/// <summary>
/// The client-side rate limit. Requests wait before they leave the process so the key's limit is not exceeded: the API's
/// documented default (publishable keys 100 requests per minute, secret keys 1000) until the server's rate-limit headers
/// say otherwise, a pace learnt from 429s that state no limit, and every 429's <c>Retry-After</c>. The state is shared by
/// every client in the process that uses the same key with the same server.
/// </summary>
public sealed class TelephonyRateLimitOptions
{
    /// <summary>The API's documented limit per minute: 100 for publishable keys, 1000 for secret keys.</summary>
    internal static int DocumentedLimit(bool isPublishable) => isPublishable ? 100 : 1000;

    /// <summary>Gets or sets a value indicating whether requests are limited on the client side.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets the requests allowed per minute for the key: a ceiling the SDK never exceeds, whatever the server's
    /// headers say. Leave it unset to follow the server: a raised account limit announced in its headers is used as is.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: 100 for publishable keys (<c>pk_…</c>), 1000 for other keys, until the
    /// server's rate-limit headers state the key's limit.
    /// </value>
    [Range(1, 1_000_000)]
    public int? PermitsPerMinute { get; set; }

    /// <summary>Gets or sets how many requests may wait for a permit, first come first served; more fail at once.</summary>
    /// <value>The default value is 1000. Allowed: 0 to 100000.</value>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 1000;

    /// <summary>
    /// Gets or sets a factory for your own limiter per key, such as one shared by many app instances. It is called once
    /// per key for each factory owner (the delegate's target object, for example a registration in one service
    /// provider), so a new owner never receives limiters made by an earlier, perhaps disposed, one; the SDK owns and
    /// disposes nothing it returns.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: an in-process sliding-window limiter.</value>
    public Func<TelephonyRateLimitPartition, RateLimiter>? LimiterFactory { get; set; }

    internal TelephonyRateLimitOptions Clone() => (TelephonyRateLimitOptions)MemberwiseClone();
}
