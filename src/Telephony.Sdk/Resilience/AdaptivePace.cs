namespace Telephony.Sdk.Resilience;

/// <summary>
/// The pace a key's requests go at after a 429 that did not say the server's limit, as in the AWS SDKs' adaptive retry
/// mode: the pace drops to <see cref="Beta"/> times the send rate that met the 429, then grows back along CUBIC's curve.
/// Requests are spaced by a token bucket holding half a second of the pace: each waiting caller holds a place in line
/// (a target in accumulated credit), so callers leave first come first served, at the pace as it is when they leave
/// (faster as it grows), never all at once. Hand-written: no System.Threading.RateLimiting limiter changes its rate.
/// Not thread-safe: its owner locks.
/// </summary>
internal sealed class AdaptivePace
{
    private const double Beta = 0.7;
    private const double Cubic = 0.4;
    private const double SlowestRate = 0.05;
    private const double EndsAtMultipleOfPeak = 10;
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);

    private double? _peak;
    private DateTimeOffset _decreasedAt;
    private double _credit;
    private DateTimeOffset _creditAt;
    private double _issued;
    private double _recentSends;
    private DateTimeOffset _lastSendAt;

    /// <summary>The pace in requests per second; <see langword="null"/> while requests are not paced.</summary>
    public double? Rate(DateTimeOffset now)
    {
        if (_peak is not { } peak)
        {
            return null;
        }

        // CUBIC: W(t) = C (t - K)^3 + Wmax, where K is when the curve is back at the rate that met the 429.
        var k = Math.Cbrt(peak * (1 - Beta) / Cubic);
        var t = (now - _decreasedAt).TotalSeconds;
        var rate = (Cubic * Math.Pow(t - k, 3)) + peak;
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
    public TimeSpan WaitFor(double place, DateTimeOffset now) =>
        Accrue(now) is { } rate && place > _credit ? TimeSpan.FromSeconds((place - _credit) / rate) : TimeSpan.Zero;

    /// <summary>Counts a request that went, for the send rate a later 429 is measured against.</summary>
    public void Sent(DateTimeOffset now)
    {
        _recentSends = (_recentSends * Decay(now - _lastSendAt)) + 1;
        _lastSendAt = now;
    }

    /// <summary>
    /// Slows down after a 429 for a request sent at <paramref name="sentAt"/>; <see langword="false"/> if that request
    /// left before the last decrease (the pace already answers it).
    /// </summary>
    public bool Decrease(DateTimeOffset now, DateTimeOffset sentAt)
    {
        if (_peak is not null && sentAt < _decreasedAt)
        {
            return false;
        }

        var sendRate = _recentSends * Decay(now - _lastSendAt) / RateWindow.TotalSeconds;
        Accrue(now);
        _peak = Math.Max(sendRate, SlowestRate / Beta);
        _decreasedAt = now;

        // The server is full: no saved credit; the line starts afresh (those in it keep their places, at the new pace).
        _issued = _credit;
        return true;
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
