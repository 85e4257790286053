namespace Telephony.Sdk.Testing.RateLimiting;

/// <summary>
/// Exact arithmetic for continuous rates of L requests per W. Bucket levels are kept in units where one request is
/// W's ticks and the rate is L units per tick, so "10 per 10 s" yields exactly one request after one second, with no
/// floating-point rounding to make a request early or late. Int128 keeps L × ticks from overflowing.
/// </summary>
internal static class RateArithmetic
{
    /// <summary>Returns ⌈<paramref name="dividend"/> / <paramref name="divisor"/>⌉ for a non-negative dividend and a positive divisor.</summary>
    public static Int128 CeilingDivide(Int128 dividend, Int128 divisor) => (dividend + divisor - 1) / divisor;

    /// <summary>Returns how long a rate of <paramref name="limit"/> units per tick takes to move <paramref name="units"/>, rounded up to a tick.</summary>
    public static TimeSpan TimeFor(Int128 units, int limit)
    {
        if (units <= 0)
        {
            return TimeSpan.Zero;
        }

        var ticks = CeilingDivide(units, limit);
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Returns the time <paramref name="requests"/> take to flow at <paramref name="limit"/> per <paramref name="window"/>.</summary>
    public static TimeSpan TimeFor(int requests, int limit, TimeSpan window) => TimeFor((Int128)requests * window.Ticks, limit);
}
