using System.Threading.RateLimiting;

namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// What a key shares with other processes through an app limiter that implements <see cref="ITelephonySharedBackoff"/>
/// (a 429's pause) or <see cref="ITelephonySharedRateLimit"/> (the limit the server states, the pace learnt from 429s).
/// Sharing is best effort: a failure never fails a request, and the key then goes at what this process knows. The calls
/// may block on the app's store, so <see cref="KeyRateLimit"/> makes them outside its lock. Thread-safe.
/// </summary>
internal sealed class SharedKeyState(RateLimiter limiter)
{
    private readonly ITelephonySharedBackoff? _backoff = limiter as ITelephonySharedBackoff;
    private readonly ITelephonySharedRateLimit? _rate = limiter as ITelephonySharedRateLimit;
    private long _reportedLimit;

    /// <summary>Gets a value indicating whether the app's limiter shares a key's rate with other processes.</summary>
    public bool SharesRate => _rate is not null;

    /// <summary>Gets the latest end of the pause that another process reported; <see cref="DateTimeOffset.MinValue"/> if none or unknown.</summary>
    public DateTimeOffset BackoffUntil() => Read(_backoff, static shared => shared.BackoffUntil) ?? DateTimeOffset.MinValue;

    /// <summary>Tells the other processes that the server asked the key to wait until <paramref name="until"/>; nothing if <see langword="null"/>.</summary>
    public void ReportBackoff(DateTimeOffset? until) =>
        Write(until is null ? null : _backoff, until.GetValueOrDefault(), static (shared, until) => shared.ReportBackoff(until));

    /// <summary>Reports the limit the server states, once per change.</summary>
    public void ReportLimit(int limit, TimeSpan window)
    {
        var packed = ((long)limit << 32) | (uint)window.TotalSeconds;
        if (_rate is not null && Interlocked.Exchange(ref _reportedLimit, packed) != packed)
        {
            Write(_rate, (limit, window), static (shared, stated) => shared.ReportLimit(stated.limit, stated.window));
        }
    }

    public void ReportPace(double requestsPerSecond, DateTimeOffset learnedAt) =>
        Write(_rate, (requestsPerSecond, learnedAt), static (shared, pace) => shared.ReportPace(pace.requestsPerSecond, pace.learnedAt));

    /// <summary>The latest pace learnt by any process; <see langword="null"/> if none or unknown.</summary>
    public (double Rate, DateTimeOffset LearnedAt)? Pace() =>
        Read(_rate, static shared => shared.TryGetPace(out var rate, out var at) && rate > 0 ? (rate, at) : ((double, DateTimeOffset)?)null);

    private static TResult? Read<TShared, TResult>(TShared? shared, Func<TShared, TResult?> read)
        where TShared : class
        where TResult : struct
    {
        try
        {
            return shared is null ? null : read(shared);
        }
#pragma warning disable CA1031 // A sharing failure must not fail the request: what this process knows still applies.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static void Write<TShared, TValue>(TShared? shared, TValue value, Action<TShared, TValue> write)
        where TShared : class
    {
        try
        {
            if (shared is not null)
            {
                write(shared, value);
            }
        }
#pragma warning disable CA1031 // A sharing failure must not fail the request: what this process knows still holds here.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
