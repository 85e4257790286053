namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// CUBIC's growth (RFC 9438) as a request rate: after a 429 the pace drops to <see cref="Beta"/> times the rate that met
/// it (the peak) and grows back along W(t) = C (t − K)³ + peak, where K is when the curve is back at the peak. The one
/// statement of the curve, for the SDK's own pace (<see cref="AdaptivePace"/>) and for a fleet's pace in Redis (this
/// file is compiled, linked, into Telephony.Sdk.Redis).
/// </summary>
internal static class CubicGrowth
{
    /// <summary>The share of the peak the pace drops to at a 429.</summary>
    public const double Beta = 0.7;

    private const double C = 0.4;

    /// <summary>The rate <paramref name="seconds"/> after growth started from <see cref="Beta"/> times <paramref name="peak"/>.</summary>
    public static double Rate(double peak, double seconds) => (C * Math.Pow(Math.Max(0, seconds) - Math.Pow(peak * (1 - Beta) / C, 1.0 / 3), 3)) + peak;
}
