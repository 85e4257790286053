namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// The pace a key's requests go at after a 429 that did not say the server's limit, as in the AWS SDKs' adaptive retry
/// mode (CUBIC): the pace drops to <see cref="Beta"/> times the rate the server was accepting requests at when it
/// answered 429, then, once the key's pause is over, grows back along CUBIC's curve.
/// Requests are spaced by a token bucket holding half a second of the pace: each waiting caller holds a place in line
/// (a target in accumulated credit), so callers leave first come first served, at the pace as it is when they leave
/// (faster as it grows), never all at once. Hand-written: no System.Threading.RateLimiting limiter changes its rate.
/// Not thread-safe: its owner locks.
/// </summary>
internal sealed class AdaptivePace
{
    private const double Beta = CubicGrowth.Beta;
    private const double SlowestRate = 0.05;
    private const double EndsAtMultipleOfPeak = 10;
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);

    private double? _peak;
    private DateTimeOffset _growsFrom;
    private DateTimeOffset _lastDecreaseAt;
    private double _credit;
    private DateTimeOffset _creditAt;
    private double _issued;
    private double _recentAccepted;
    private DateTimeOffset _lastAcceptedAt;

    /// <summary>Gets a number that changes at every decrease: places in line taken before it are void.</summary>
    public int Epoch { get; private set; }

    /// <summary>The pace in requests per second; <see langword="null"/> while requests are not paced.</summary>
    public double? Rate(DateTimeOffset now)
    {
        if (_peak is not { } peak)
        {
            return null;
        }

        var rate = CubicGrowth.Rate(peak, (now - _growsFrom).TotalSeconds);

        // Growth that nothing tested (callers held by the key's window, or too few of them) stops at twice what the
        // server accepted lately: the curve may not run ahead while nobody sends at its pace.
        rate = Math.Min(rate, Math.Max(peak, 2 * _recentAccepted * Decay(now - _lastAcceptedAt) / RateWindow.TotalSeconds));
        if (rate >= peak * EndsAtMultipleOfPeak)
        {
            _peak = null;
            return null;
        }

        return Math.Max(rate, SlowestRate);
    }

    /// <summary>A place in line for a request (the credit it may go at); <see langword="null"/> while requests are not paced.</summary>
    public double? Reserve(DateTimeOffset now)
    {
        if (Accrue(now) is not { } rate)
        {
            return null;
        }

        // Credit saved while nobody waited is at most half a second of the pace: the burst after a quiet spell.
        _issued = Math.Max(_issued, _credit - Math.Max(1, rate / 2)) + 1;
        return _issued;
    }

    /// <summary>How long the holder of <paramref name="place"/> must still wait at the current pace.</summary>
    /// <remarks>In ticks: .NET Framework's <c>TimeSpan.FromSeconds</c> rounds to whole milliseconds, 1.7 % of a 60 ms pace.</remarks>
    public TimeSpan WaitFor(double place, DateTimeOffset now) =>
        Accrue(now) is { } rate && place > _credit ? TimeSpan.FromTicks((long)((place - _credit) / rate * TimeSpan.TicksPerSecond)) : TimeSpan.Zero;

    /// <summary>Counts a request the server accepted, for the rate a later 429 is measured against.</summary>
    public void Accepted(DateTimeOffset now)
    {
        _recentAccepted = (_recentAccepted * Decay(now - _lastAcceptedAt)) + 1;
        _lastAcceptedAt = now;
    }

    /// <summary>
    /// Slows down after a 429 for a request sent at <paramref name="sentAt"/>, growing again from
    /// <paramref name="resumeAt"/> (when the key's pause ends); <see langword="false"/> if that request left before the
    /// last decrease (the pace already answers it).
    /// </summary>
    /// <param name="now">The moment of the 429.</param>
    /// <param name="sentAt">When the refused request left.</param>
    /// <param name="resumeAt">When the key's pause ends.</param>
    /// <param name="knownRate">The rate the key's known limit allows (per minute ÷ 60): the measure while nothing was accepted lately.</param>
    public bool Decrease(DateTimeOffset now, DateTimeOffset sentAt, DateTimeOffset resumeAt, double knownRate)
    {
        if (_peak is not null && sentAt < _lastDecreaseAt)
        {
            return false;
        }

        // What the server accepted lately is the best measure of its rate; with nothing accepted for a while (a cold
        // key, or probes after a long pause) the known limit's rate is.
        var accepted = _recentAccepted * Decay(now - _lastAcceptedAt);

        var measured = accepted >= 1 ? accepted / RateWindow.TotalSeconds : knownRate;
        SlowTo(measured, now, resumeAt);
        return true;
    }

    /// <summary>
    /// Takes a pace another process learnt from its 429 (<see cref="ITelephonySharedRateLimit"/>), if it is slower than
    /// this one: from now, as if the 429 had come here; <see langword="false"/> if this pace is already as slow.
    /// </summary>
    public bool Adopt(double rate, DateTimeOffset now)
    {
        if (Rate(now) is { } current && current <= rate)
        {
            return false;
        }

        SlowTo(rate / Beta, now, now);
        return true;
    }

    private void SlowTo(double peak, DateTimeOffset now, DateTimeOffset resumeAt)
    {
        Accrue(now);
        _peak = Math.Max(peak, SlowestRate / Beta);
        _lastDecreaseAt = now;
        _growsFrom = resumeAt > now ? resumeAt : now;

        // The server is full: no credit accrues until the pause is over, and then one request goes first; the line
        // starts afresh.
        _creditAt = _growsFrom;
        _issued = _credit - 1;
        Epoch++;
    }

    // Credit accrues at the pace, one per request; a caller in line goes when the credit reaches its place.
    private double? Accrue(DateTimeOffset now)
    {
        var rate = Rate(now);
        if (now > _creditAt)
        {
            _credit += (now - _creditAt).TotalSeconds * (rate ?? 0);
            _creditAt = now;
        }

        return rate;
    }

    // An exponentially weighted count of sends: a send RateWindow ago weighs 1/e.
    private static double Decay(TimeSpan elapsed) => Math.Exp(-Math.Max(0, elapsed.TotalSeconds) / RateWindow.TotalSeconds);
}
