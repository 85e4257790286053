using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Telephony.Sdk.Testing.RateLimiting;

/// <summary>Writes a <see cref="FakeRateLimitDecision"/> as <c>Retry-After</c> and as the chosen rate-limit headers.</summary>
internal static class RateLimitHeaderWriter
{
    /// <summary>Sets <c>Retry-After</c> to the whole seconds until the next request would be accepted, rounded up, at least 1.</summary>
    public static void WriteRetryAfter(IHeaderDictionary headers, FakeRateLimitDecision decision) =>
        headers.RetryAfter = Format(Math.Max(1, SecondsUp(decision.RetryAfter)));

    public static void WriteRateLimit(IHeaderDictionary headers, FakeRateLimitHeaders dialect, FakeRateLimitDecision decision)
    {
        var remaining = Math.Max(0, decision.Remaining);
        var reset = SecondsUp(decision.ResetAfter);
        switch (dialect)
        {
            case FakeRateLimitHeaders.XRateLimit:
                headers["X-RateLimit-Limit"] = Format(decision.Quota);
                headers["X-RateLimit-Remaining"] = Format(remaining);
                headers["X-RateLimit-Reset"] = Format(reset);
                break;
            case FakeRateLimitHeaders.Ietf or FakeRateLimitHeaders.PolicyOnly:
                // Structured fields (RFC 9651): a list with one item, the string "default", and integer parameters.
                var (quota, window) = WholeSecondPolicy(decision.Quota, decision.QuotaWindow);
                headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";q={quota};w={window}");
                if (dialect == FakeRateLimitHeaders.Ietf)
                {
                    headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";r={remaining};t={reset}");
                }

                break;
        }
    }

    // The draft's w is whole seconds. A longer window that is not (a bucket of 50 draining at 40 r/s: 1.25 s) is stated
    // as the whole seconds under it with the quota scaled down to them (40 per 1 s), which keeps the limiter's rate and
    // never promises more at once; rounding the window up instead (50 per 2 s) would state 25 r/s for a 40 r/s limiter.
    // A window under a second, or a quota that would scale to 0, keeps the quota per the window rounded up.
    private static (long Quota, long Window) WholeSecondPolicy(int quota, TimeSpan window)
    {
        var seconds = window.Ticks / TimeSpan.TicksPerSecond;
        var scaled = seconds == 0 ? 0 : (long)((Int128)quota * seconds * TimeSpan.TicksPerSecond / window.Ticks);
        return scaled == 0 ? (quota, Math.Max(1, SecondsUp(window))) : (scaled, seconds);
    }

    // Rounding up never invites a client back before the quota is there.
    private static long SecondsUp(TimeSpan time) =>
        (time.Ticks / TimeSpan.TicksPerSecond) + (time.Ticks % TimeSpan.TicksPerSecond > 0 ? 1 : 0);

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
