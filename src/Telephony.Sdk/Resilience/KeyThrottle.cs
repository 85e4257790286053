using System.Threading.RateLimiting;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// Everything shared by the callers of one API key in this process: its rate limiter and its backoff gate, which
/// holds every request for the key after the server answered 429 with <c>Retry-After</c>. A limiter that implements
/// <see cref="ITelephonySharedBackoff"/> carries the backoff to other processes and brings theirs here.
/// </summary>
internal sealed class KeyThrottle
{
    private readonly TimeProvider _timeProvider;
    private readonly ITelephonySharedBackoff? _sharedBackoff;
    private long _pausedUntilTicks;

    public KeyThrottle(TelephonyRateLimitPartition partition, RateLimiter limiter, TimeProvider timeProvider)
    {
        Partition = partition;
        Limiter = limiter;
        _timeProvider = timeProvider;
        _sharedBackoff = limiter as ITelephonySharedBackoff;
    }

    public TelephonyRateLimitPartition Partition { get; }

    public RateLimiter Limiter { get; }

    /// <summary>Gets a value indicating whether the limiter shares the key's backoff with other processes.</summary>
    public bool SharesBackoff => _sharedBackoff is not null;

    /// <summary>Holds every request for the key until <paramref name="retryAfter"/> from now has passed.</summary>
    public void PauseFor(TimeSpan retryAfter)
    {
        var until = _timeProvider.GetUtcNow() + retryAfter;

        // Only ever moves later: a shorter Retry-After answered meanwhile never shortens a longer pause.
        var current = Volatile.Read(ref _pausedUntilTicks);
        while (until.UtcTicks > current)
        {
            var seen = Interlocked.CompareExchange(ref _pausedUntilTicks, until.UtcTicks, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }

        if (_sharedBackoff is not null)
        {
            try
            {
                _sharedBackoff.ReportBackoff(until);
            }
#pragma warning disable CA1031 // A sharing failure must not fail the request: the pause above still holds here.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>How long requests for the key must still wait because of a server-sent <c>Retry-After</c>.</summary>
    public TimeSpan RemainingPause()
    {
        var until = new DateTimeOffset(Volatile.Read(ref _pausedUntilTicks), TimeSpan.Zero);
        if (SharedBackoffUntil() is { } shared && shared > until)
        {
            until = shared;
        }

        var remaining = until - _timeProvider.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private DateTimeOffset? SharedBackoffUntil()
    {
        if (_sharedBackoff is null)
        {
            return null;
        }

        try
        {
            return _sharedBackoff.BackoffUntil;
        }
#pragma warning disable CA1031 // A sharing failure must not fail the request: the local pause still applies.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
