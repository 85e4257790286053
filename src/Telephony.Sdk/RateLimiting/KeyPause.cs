using Telephony.Sdk.Internal;
using Telephony.Sdk.Retry;

namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// The pause a 429 imposes on every request for a key: until the server's <c>Retry-After</c> (or the reset of a spent
/// quota), else an exponential backoff in the consecutive 429s. Other processes' pauses come through
/// <see cref="SharedKeyState"/>. Not thread-safe: <see cref="KeyRateLimit"/> calls it under its lock.
/// </summary>
internal sealed class KeyPause
{
    private DateTimeOffset _pausedUntil;
    private int _consecutive429s;
    private DateTimeOffset _startedAt;

    /// <summary>Gets the end of the pause learnt in this process.</summary>
    public DateTimeOffset LocalUntil => _pausedUntil;

    /// <summary>A request that was answered without a 429 ends the escalation.</summary>
    public void Accepted() => _consecutive429s = 0;

    /// <summary>Pauses the key after a 429 for a request sent at <paramref name="sentAt"/>; returns the end of the pause.</summary>
    /// <param name="sentAt">When the refused request left.</param>
    /// <param name="now">The reading of the clock the response was read at.</param>
    /// <param name="serverSaid">The wait the server asked for (Retry-After, or the reset of a spent quota), if any.</param>
    /// <param name="retryAfter">The Retry-After alone: a spent quota's reset is a floor for the quota, not a pause.</param>
    /// <param name="baseDelay">The first backoff when the server says nothing.</param>
    /// <param name="maxDelay">The longest backoff.</param>
    public DateTimeOffset TooMany(DateTimeOffset sentAt, DateTimeOffset now, TimeSpan? serverSaid, TimeSpan? retryAfter, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        // 429s for requests that left together before the pause began are one event, not an escalation.
        if (sentAt > _startedAt)
        {
            _consecutive429s++;
            _startedAt = now;
        }

        // Retry-After is a floor, and headers that say the quota is spent hold requests until it resets; when the server says
        // neither, the key backs off exponentially, so it is probed by one request at a time, not by every caller.
        var pause = serverSaid > TimeSpan.Zero ? retryAfter ?? TimeSpan.Zero : Backoff.Exponential(baseDelay, _consecutive429s, maxDelay);
        _pausedUntil = TimeMath.Max(_pausedUntil, now + pause);
        return _pausedUntil;
    }
}
