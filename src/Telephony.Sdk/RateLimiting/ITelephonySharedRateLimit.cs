namespace Telephony.Sdk;

/// <summary>
/// Shares what a key's limit is beyond this process, so that instances sharing a key pace like one. A limiter returned by
/// <see cref="TelephonyRateLimitOptions.LimiterFactory"/> may implement it: the SDK reports the key's limit when the
/// server's rate-limit headers state one, and the pace it learns from a 429 that states none. Such a limiter paces the
/// key itself, across the instances: the SDK does not hold requests for the pace it learnt, and reads
/// <see cref="TryGetPace"/> only to show it in <see cref="TelephonyClient.GetRateLimitState()"/>. Such a limiter also
/// keeps the instances within the limit reported to it: an instance that reads from the server's headers that the
/// quota is spent (other instances spent it too) asks again a window ÷ limit after its last request or report rather
/// than at the stated reset, and relies on the limiter to say whether the fleet may send.
/// </summary>
/// <remarks>
/// Every member is called on the request path: keep them fast (answer from memory, share in the background) and never
/// let them throw. The pace reported is this instance's, measured from what the server accepted of its requests: the
/// limiter makes it the key's (for example scaled by this instance's share of the key's requests).
/// </remarks>
public interface ITelephonySharedRateLimit
{
    /// <summary>Reports the key's limit as the server states it (a configured <see cref="TelephonyRateLimitOptions.PermitsPerMinute"/> caps it).</summary>
    /// <param name="limit">The requests the server allows per <paramref name="window"/>.</param>
    /// <param name="window">The window the limit is counted over; one minute, as the API documents, when the server does not say.</param>
    void ReportLimit(int limit, TimeSpan window);

    /// <summary>Reports the pace this instance slowed to after a 429 that did not state the key's limit; the limiter paces the key from it.</summary>
    /// <param name="requestsPerSecond">The new pace of this instance's requests.</param>
    /// <param name="learnedAt">When it was learnt, on the clock of the client's <see cref="TimeProvider"/>.</param>
    void ReportPace(double requestsPerSecond, DateTimeOffset learnedAt);

    /// <summary>Gets this instance's share of the key's pace, learnt from a 429 here or elsewhere, as the SDK shows it.</summary>
    /// <param name="requestsPerSecond">This instance's share of the key's pace.</param>
    /// <param name="learnedAt">When it was learnt.</param>
    /// <returns><see langword="true"/> if an instance learnt a pace lately; else <see langword="false"/>.</returns>
    bool TryGetPace(out double requestsPerSecond, out DateTimeOffset learnedAt);
}
