using System.Net;
using System.Threading.RateLimiting;
using Telephony.Sdk.Internal;
using Telephony.Sdk.Retry;

namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// Everything the clients of one API key at one server share: the key's limit and where it came from, the limiter that
/// keeps requests within it, what the server's rate-limit headers said (remaining until reset), the pace learnt from
/// 429s, and the pause a 429 imposes on every request for the key. Each attempt asks <see cref="TryAdmit"/> when it may
/// go, takes a permit from <see cref="WindowLimiter"/> when there is one, and reports its response to <see cref="Observe"/>.
/// </summary>
internal sealed class KeyRateLimit
{
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);
    private readonly object _lock = new();
    private readonly TimeProvider _clock;
    private readonly int _documentedLimit;
    private readonly int? _configuredLimit;
    private readonly RateLimiter _limiter;
    private readonly bool _appLimiter;
    private readonly AdaptivePace _pace = new();
    private readonly KeyPause _pause = new();
    private readonly SharedKeyState _shared;
    private readonly ServerQuota _quota = new();
    private bool _malformedReported;
    private int _inFlight;
    private DateTimeOffset _lastActivity;
    private bool _retired;
    private DateTimeOffset _paceReportedAt;
    private DateTimeOffset _sharedPaceAdoptedAt;
    private DateTimeOffset _sharedBackoff;

    public KeyRateLimit(string keyId, bool isPublishable, TelephonyRateLimitOptions options, TimeProvider clock)
    {
        _clock = clock;
        _lastActivity = clock.GetUtcNow();
        _documentedLimit = TelephonyRateLimitOptions.DocumentedLimit(isPublishable);
        _configuredLimit = options.PermitsPerMinute;
        KeyId = keyId;
        var partition = new TelephonyRateLimitPartition(keyId, isPublishable, _configuredLimit ?? _documentedLimit, options.QueueLimit);
        _appLimiter = options.LimiterFactory is not null;
        _limiter = options.LimiterFactory?.Invoke(partition) ?? TelephonyRateLimiters.CreateSlidingWindow(partition, clock);
        _shared = new SharedKeyState(_limiter);
    }

    public string KeyId { get; }

    /// <summary>Gets the key's kind and environment, which its metrics are tagged with.</summary>
    public (TelephonyApiKeyKind Kind, TelephonyApiKeyEnvironment Environment) Key { get; init; }

    /// <summary>
    /// Gets the limiter that keeps the key within its limit: the app's own
    /// (<see cref="TelephonyRateLimitOptions.LimiterFactory"/>) always; else the SDK's sliding window at the limit of
    /// <see cref="Governing"/>; none once the server's headers count down what remains and no limit is configured (a
    /// raised account limit needs no configuration, and the server's quota is followed instead). Read without the lock:
    /// the quota becomes informed once and stays so, and a request that just missed it takes one permit more, as if sent
    /// a moment earlier.
    /// </summary>
    public RateLimiter? WindowLimiter => _appLimiter || _configuredLimit is not null || !_quota.Informed ? _limiter : null;

    /// <summary>Gets a value indicating whether the window limiter is the app's own.</summary>
    public bool IsAppLimiter => _appLimiter;

    /// <summary>
    /// Admits the attempt (<see cref="TimeSpan.Zero"/>, counted as sent) or says how long it must wait before asking
    /// again, and why.
    /// </summary>
    /// <param name="turn">The attempt's place, kept between calls.</param>
    /// <param name="limitOnClient">Whether the client-side limit applies (<see cref="TelephonyRateLimitOptions.Enabled"/>); a 429's pause always does.</param>
    /// <param name="reason">Why the attempt must wait.</param>
    public TimeSpan TryAdmit(Turn turn, bool limitOnClient, out WaitReason reason)
    {
        var shared = _shared.BackoffUntil();
        var sharedPace = limitOnClient ? _shared.Pace() : null;
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            // A pace another process learnt since the last one taken here slows this one too: they share the key's load.
            if (sharedPace is { } fleet && fleet.LearnedAt > _sharedPaceAdoptedAt)
            {
                _sharedPaceAdoptedAt = fleet.LearnedAt;
                _pace.Adopt(fleet.Rate, now);
            }

            (var blockedUntil, reason) = (TimeMath.Max(_pause.LocalUntil, shared), WaitReason.ServerBackoff);
            if (limitOnClient)
            {
                // Instances sharing the key's stated limit each read a count the others spent too: they probe, and the fleet's
                // limiter keeps them within the limit.
                var fleetKeepsLimit = _shared.SharesRate && _quota.Limit is { } stated && StatedLimitGoverns(stated, _quota.Window ?? OneMinute);
                if (_quota.SpentUntil(now, fleetKeepsLimit) is { } spentUntil && spentUntil > blockedUntil)
                {
                    (blockedUntil, reason) = (spentUntil, WaitReason.ServerQuota);
                }
            }

            if (blockedUntil > now)
            {
                return blockedUntil - now;
            }

            // A limiter shared by instances paces the key itself, across all of them.
            if (limitOnClient && !_shared.SharesRate)
            {
                // A place taken before the last 429 is void: the server was full, so everyone lines up again at the new pace.
                if (turn.PacePlace is null || turn.PaceEpoch != _pace.Epoch)
                {
                    (turn.PacePlace, turn.PaceEpoch) = (_pace.Reserve(now), _pace.Epoch);
                }

                reason = WaitReason.Pace;
                if (turn.PacePlace is { } place && _pace.WaitFor(place, now) is var paced && paced > TimeSpan.Zero)
                {
                    return paced;
                }
            }

            return Admit(turn, now);
        }
    }

    /// <summary>Learns from an attempt's response: rate-limit headers, and on 429 a pause and a slower pace.</summary>
    public Observation Observe(Turn turn, HttpResponseMessage response, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var now = _clock.GetUtcNow();
        var headers = ServerRateLimitHeaders.Read(response, now, out var malformed);
        var tooMany = response.StatusCode == HttpStatusCode.TooManyRequests;

        // Measured from the same reading as the pause it sets: a later one would end the pause before the server's date.
        var retryAfter = tooMany ? RetryAfterHeader.Read(response, now) : null;
        if (headers is { Limit: { } stated, Window: var statedWindow } && StatedLimitGoverns(stated, statedWindow ?? OneMinute))
        {
            _shared.ReportLimit(stated, statedWindow ?? OneMinute);
        }

        double? newPace = null;
        DateTimeOffset? backoffToShare = null;
        lock (_lock)
        {
            // Ended in the same step as its answer is read: ended alone, another answer's report in between would no longer
            // count it as in flight, and its own answer would then give back a place that report never held for it.
            End(turn);
            _lastActivity = now;
            if (headers is { } server)
            {
                _quota.Observe(server, turn.Sequence, now);
                if (!_appLimiter && _limiter is ClockSlidingWindowRateLimiter window && Governing() is var (limit, per, _))
                {
                    window.Resize(limit, per);
                }
            }

            // Malformed values are reported once per key: the server will not change its mind at the next response.
            malformed &= !_malformedReported;
            _malformedReported |= malformed;
            if (!tooMany)
            {
                _pace.Accepted(now);
                _pause.Accepted();
                return new Observation(malformed, null);
            }

            var serverSaid = retryAfter ?? (headers is { Remaining: 0, Reset: var reset } ? reset : null);
            // A fleet sharing a learnt pace shares the pause too, so it probes a full server as one, a request at a time. Its
            // backoff stops doubling at twice the base delay: a longer one overshot a window's reset by seconds for every instance.
            var longest = _shared.SharesRate && _pace.Rate(now) is not null ? TimeMath.Min(maxDelay, 2 * baseDelay) : maxDelay;
            var pausedUntil = _pause.TooMany(turn.SentAt, now, serverSaid, retryAfter, baseDelay, longest);

            // Without Retry-After the backoff learnt here is shared as well, once per new 429: the other processes hit the
            // same full server, so they hold too instead of each finding it out with a 429 of its own.
            backoffToShare = retryAfter is { } wait ? now + wait : _shared.SharesRate && pausedUntil > _sharedBackoff ? pausedUntil : null;
            _sharedBackoff = backoffToShare ?? _sharedBackoff;

            // The pace grows back only once the pause is over: a long pause must not end in a burst of every caller.
            if (headers?.Remaining is null && _pace.Decrease(now, turn.SentAt, pausedUntil, KnownRate()) && now - _paceReportedAt >= TimeSpan.FromSeconds(1))
            {
                // Reported at most once a second: under a burst every caller's 429 may lower the pace.
                newPace = _pace.Rate(now);
                _paceReportedAt = now;

                // Shared with the other processes as learnt now: read back, it is not taken again.
                _sharedPaceAdoptedAt = now;
            }
        }

        _shared.ReportBackoff(backoffToShare);

        if (newPace is { } learnt)
        {
            _shared.ReportPace(learnt, now);
        }

        return new Observation(malformed, newPace);
    }

    /// <summary>How long requests for the key are held by a 429's pause, here or reported by other processes.</summary>
    public TimeSpan RemainingPause()
    {
        var shared = _shared.BackoffUntil();
        lock (_lock)
        {
            var remaining = TimeMath.Max(_pause.LocalUntil, shared) - _clock.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    public TelephonyRateLimitState Snapshot()
    {
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            var (limit, window, source) = _configuredLimit is null && _quota.Informed && _quota.Limit is { } server
                ? (server, _quota.Window, TelephonyRateLimitSource.ServerHeaders)
                : Governing();
            var pace = _pace.Rate(now);
            var remaining = _quota.Remaining(now);

            // Without the server's count, what the SDK's own window has left now.
            var ownWindow = _appLimiter || (_quota.Informed && _configuredLimit is null) ? null : _limiter as ClockSlidingWindowRateLimiter;
            return new TelephonyRateLimitState
            {
                Limit = limit,
                LimitWindow = window,
                Source = pace is not null && source == TelephonyRateLimitSource.DocumentedDefault ? TelephonyRateLimitSource.LearnedFrom429s : source,
                RequestsPerSecond = pace,
                Remaining = remaining ?? (int?)ownWindow?.GetStatistics()?.CurrentAvailablePermits,
                ResetsAt = remaining is null ? null : _quota.ResetsAt,
                PausedUntil = _pause.LocalUntil > now ? _pause.LocalUntil : null,
            };
        }
    }

    /// <summary>Ends an admitted attempt that got no answer (it failed or was cancelled); <see cref="Observe"/> ends an answered one.</summary>
    public void Done(Turn turn)
    {
        lock (_lock)
        {
            End(turn);
        }
    }

    private void End(Turn turn)
    {
        if (turn.Sequence > 0 && !turn.Done)
        {
            turn.Done = true;
            _inFlight--;
            _quota.Ended();
        }
    }

    /// <summary>
    /// Marks the state as released when the key has been idle for <paramref name="idleAfter"/>: nothing in flight, no
    /// pause or quota reset still to keep. A call that found it just before may still use it once, as a fresh key would.
    /// </summary>
    public bool TryRetire(DateTimeOffset now, TimeSpan idleAfter)
    {
        lock (_lock)
        {
            _retired = _retired || (_inFlight == 0 && now - _lastActivity >= idleAfter && _pause.LocalUntil <= now && _quota.SpentUntil(now) is null);
            return _retired;
        }
    }

    /// <summary>Gets a value indicating whether the registry released this state (<see cref="TryRetire"/>).</summary>
    public bool Retired => Volatile.Read(ref _retired);

    /// <summary>Records that the admitted attempt leaves now: a 429 for it is measured against what happened since.</summary>
    public void Sending(Turn turn) => turn.SentAt = _clock.GetUtcNow();

    // Counted at admission, so concurrent callers never share the last of the server's quota.
    private TimeSpan Admit(Turn turn, DateTimeOffset now)
    {
        turn.Sequence = _quota.Sent(now);
        turn.SentAt = now;
        _inFlight++;
        _lastActivity = now;
        return TimeSpan.Zero;
    }

    /// <summary>
    /// The limit the SDK's own window keeps the key within: one the server states without counting it down
    /// (<c>RateLimit-Policy</c> or <c>X-RateLimit-Limit</c> alone), raised or lowered; else the configured one, else the
    /// documented one. A configured <see cref="TelephonyRateLimitOptions.PermitsPerMinute"/> stays a ceiling: a stated
    /// limit per minute may lower it, never raise it, and one per another window leaves it.
    /// </summary>
    private (int Limit, TimeSpan Window, TelephonyRateLimitSource Source) Governing() =>
        !_quota.Informed && _quota.Limit is { } stated && (_quota.Window ?? OneMinute) is var window && StatedLimitGoverns(stated, window)
            ? (stated, window, TelephonyRateLimitSource.ServerHeaders)
            : _configuredLimit is { } configured
                ? (configured, OneMinute, TelephonyRateLimitSource.Configured)
                : (_documentedLimit, OneMinute, TelephonyRateLimitSource.DocumentedDefault);

    // The ceiling rule, for the SDK's own window and for what is shared with other processes alike.
    private bool StatedLimitGoverns(int stated, TimeSpan window) =>
        _configuredLimit is not { } ceiling || (window == OneMinute && stated < ceiling);

    // Requests per second the key's known limit allows: configured, else stated by the server, else documented.
    private double KnownRate() =>
        _configuredLimit is { } configured ? configured / 60.0
        : _quota.Limit is { } server && _quota.Window is { TotalSeconds: > 0 } window ? server / window.TotalSeconds
        : _documentedLimit / 60.0;

    /// <summary>One attempt's place: its place in line at the pace while it waits, then its sequence number once sent.</summary>
    internal sealed class Turn
    {
        public double? PacePlace { get; set; }

        public int PaceEpoch { get; set; }

        public long Sequence { get; set; }

        public DateTimeOffset SentAt { get; set; }

        public bool Done { get; set; }
    }

    /// <summary>What a response taught that is worth a log line: malformed headers (reported once per key), a new pace.</summary>
    internal readonly record struct Observation(bool MalformedHeaders, double? NewPace);
}
