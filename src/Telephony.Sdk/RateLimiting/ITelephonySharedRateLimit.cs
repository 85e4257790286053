namespace Telephony.Sdk;

/// <summary>
/// Shares what a key's limit is beyond this process, so that instances sharing a key pace like one. A limiter returned by
/// <see cref="TelephonyRateLimitOptions.LimiterFactory"/> may implement it: the SDK reports the key's limit when the
/// server's rate-limit headers state one, and the pace it learns from a 429 that states none; before every attempt it
/// reads the pace the other instances learnt, and goes no faster than the latest one.
/// </summary>
/// <remarks>
/// Every member is called on the request path: keep them fast (answer from memory, share in the background) and never
/// let them throw. A pace is per instance: instances that share a key's load evenly need the same pace.
/// </remarks>
public interface ITelephonySharedRateLimit
{
    /// <summary>Reports the key's limit as the server states it (a configured <see cref="TelephonyRateLimitOptions.PermitsPerMinute"/> caps it).</summary>
    /// <param name="limit">The requests the server allows per <paramref name="window"/>.</param>
    /// <param name="window">The window the limit is counted over; one minute, as the API documents, when the server does not say.</param>
    void ReportLimit(int limit, TimeSpan window);

    /// <summary>Reports the pace this instance slowed to after a 429 that did not state the key's limit.</summary>
    /// <param name="requestsPerSecond">The new pace of this instance.</param>
    /// <param name="learnedAt">When it was learnt, on the clock of the client's <see cref="TimeProvider"/>.</param>
    void ReportPace(double requestsPerSecond, DateTimeOffset learnedAt);

    /// <summary>Gets the latest pace an instance learnt from a 429, as known here.</summary>
    /// <param name="requestsPerSecond">The pace learnt.</param>
    /// <param name="learnedAt">When it was learnt.</param>
    /// <returns><see langword="true"/> if an instance learnt a pace lately; else <see langword="false"/>.</returns>
    bool TryGetPace(out double requestsPerSecond, out DateTimeOffset learnedAt);
}
