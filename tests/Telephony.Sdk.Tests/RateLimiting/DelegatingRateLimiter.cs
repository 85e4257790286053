using System.Threading.RateLimiting;

namespace Telephony.Sdk.Tests.RateLimiting;

/// <summary>
/// A limiter that takes its permits from an inner one, for test limiters that add only the SDK's sharing interfaces
/// (<see cref="ITelephonySharedBackoff"/>, <see cref="ITelephonySharedRateLimit"/>) to a real limiter.
/// </summary>
internal abstract class DelegatingRateLimiter(RateLimiter inner) : RateLimiter
{
    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        inner.AcquireAsync(permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
