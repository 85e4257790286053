namespace Telephony.Sdk.Testing.RateLimiting;

/// <summary>A key's rate-limit state right after a request: everything the 429 and the rate-limit headers report.</summary>
/// <param name="Accepted">Whether the request was accepted (and counted).</param>
/// <param name="Quota">The policy's quota, in requests per <paramref name="QuotaWindow"/>.</param>
/// <param name="QuotaWindow">The policy's window.</param>
/// <param name="Remaining">How many requests would be accepted right now.</param>
/// <param name="ResetAfter">How long until the quota is fully available again; zero when it already is.</param>
/// <param name="RetryAfter">How long until the next request would be accepted; zero when it would be now.</param>
internal readonly record struct FakeRateLimitDecision(
    bool Accepted, int Quota, TimeSpan QuotaWindow, int Remaining, TimeSpan ResetAfter, TimeSpan RetryAfter);
