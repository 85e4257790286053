namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// A key's limit and learnt pace as other processes share them, through an app limiter that implements
/// <see cref="ITelephonySharedRateLimit"/>: the stated limit is reported when it changes, a pace when it is learnt, and
/// the latest pace learnt anywhere is read before every attempt. A sharing failure never fails a request: the key then
/// goes at what this process knows. Thread-safe.
/// </summary>
internal sealed class SharedKeyRate(ITelephonySharedRateLimit? shared)
{
    private long _reportedLimit;

    /// <summary>Gets a value indicating whether the app's limiter shares a key's rate with other processes.</summary>
    public bool IsShared => shared is not null;

    /// <summary>Reports the limit the server states, once per change.</summary>
    public void ReportLimit(int limit, TimeSpan window)
    {
        var packed = ((long)limit << 32) | (uint)window.TotalSeconds;
        if (shared is null || Interlocked.Exchange(ref _reportedLimit, packed) == packed)
        {
            return;
        }

        try
        {
            shared.ReportLimit(limit, window);
        }
#pragma warning disable CA1031 // A sharing failure must not fail the request: the limit still holds here.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    public void ReportPace(double requestsPerSecond, DateTimeOffset learnedAt)
    {
        try
        {
            shared?.ReportPace(requestsPerSecond, learnedAt);
        }
#pragma warning disable CA1031 // A sharing failure must not fail the request: the pace still holds here.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>The latest pace learnt by any process; <see langword="null"/> if none or unknown.</summary>
    public (double Rate, DateTimeOffset LearnedAt)? Pace()
    {
        try
        {
            return shared is not null && shared.TryGetPace(out var rate, out var at) && rate > 0 ? (rate, at) : null;
        }
#pragma warning disable CA1031 // A sharing failure must not fail the request: the pace learnt here still applies.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
