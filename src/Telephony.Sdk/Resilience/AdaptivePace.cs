namespace Telephony.Sdk.Resilience;

/// <summary>
/// The pace a key's requests go at after a 429 that did not say the server's limit, as in the AWS SDKs' adaptive retry
/// mode: the pace drops to <see cref="Beta"/> times the send rate that met the 429, then grows back along CUBIC's curve;
/// requests are spaced by a token bucket holding half a second of the pace, so waiting callers leave at the pace, never
/// all at once. Hand-written: no System.Threading.RateLimiting limiter changes its rate. Not thread-safe: its owner locks.
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
    private double _tokens;
    private DateTimeOffset _refilledAt;
    private double _recentSends;
    private DateTimeOffset _lastSendAt;

    /// <summary>Gets a number that changes at every decrease, so a caller knows its reserved slot is stale.</summary>
    public int Epoch { get; private set; }

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

    /// <summary>When a request may go at the pace; reserves that moment (later callers queue behind it).</summary>
    public DateTimeOffset Reserve(DateTimeOffset now)
    {
        if (Rate(now) is not { } rate)
        {
            return now;
        }

        var capacity = Math.Max(1, rate / 2);
        _tokens = Math.Min(capacity, _tokens + ((now - _refilledAt).TotalSeconds * rate));
        _refilledAt = now;
        _tokens--;
        return _tokens >= 0 ? now : now + TimeSpan.FromSeconds(-_tokens / rate);
    }

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
        _peak = Math.Max(sendRate, SlowestRate / Beta);
        _decreasedAt = now;
        _refilledAt = now;
        _tokens = 0;
        Epoch++;
        return true;
    }

    // An exponentially weighted count of sends: a send RateWindow ago weighs 1/e.
    private static double Decay(TimeSpan elapsed) => Math.Exp(-Math.Max(0, elapsed.TotalSeconds) / RateWindow.TotalSeconds);
}
