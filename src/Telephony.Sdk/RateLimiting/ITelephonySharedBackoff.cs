namespace Telephony.Sdk;

/// <summary>
/// Shares a key's server backoff beyond this process. A limiter returned by
/// <see cref="TelephonyRateLimitOptions.LimiterFactory"/> may implement it: when the server answers 429 with
/// <c>Retry-After</c>, the SDK reports the moment the key may be used again, and before every attempt it holds requests
/// for the key until the latest such moment any process reported.
/// </summary>
/// <remarks>
/// Both members are called on the request path: keep them fast and never let them throw. Moments are in UTC on the
/// clock of the client's <see cref="TimeProvider"/>; processes that share a backoff need synchronized clocks.
/// </remarks>
public interface ITelephonySharedBackoff
{
    /// <summary>Gets the latest moment until which requests for the key must wait, as known here; <see langword="null"/> if none.</summary>
    DateTimeOffset? BackoffUntil { get; }

    /// <summary>Reports that the server asked the key to back off until <paramref name="until"/>.</summary>
    /// <param name="until">The moment the key may be used again (now plus the server's <c>Retry-After</c>).</param>
    void ReportBackoff(DateTimeOffset until);
}
