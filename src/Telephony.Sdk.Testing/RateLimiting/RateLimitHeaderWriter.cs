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
                var window = Math.Max(1, SecondsUp(decision.QuotaWindow));
                headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";q={decision.Quota};w={window}");
                if (dialect == FakeRateLimitHeaders.Ietf)
                {
                    headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";r={remaining};t={reset}");
                }

                break;
        }
    }

    // Rounding up never invites a client back before the quota is there.
    private static long SecondsUp(TimeSpan time) =>
        (time.Ticks / TimeSpan.TicksPerSecond) + (time.Ticks % TimeSpan.TicksPerSecond > 0 ? 1 : 0);

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
