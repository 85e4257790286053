using System.Threading.RateLimiting;
using Telephony.Sdk.RateLimiting;

namespace Telephony.Sdk;

/// <summary>The SDK's own limiters, for a <see cref="TelephonyRateLimitOptions.LimiterFactory"/> that builds on them.</summary>
public static class TelephonyRateLimiters
{
    private const int SegmentsPerWindow = 60;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Creates the in-process limiter the SDK uses by default: at most <see cref="TelephonyRateLimitPartition.PermitsPerMinute"/>
    /// requests in any 60-second span (a permit returns a full window plus one second after it was used), waiters
    /// served first come first served up to <see cref="TelephonyRateLimitPartition.QueueLimit"/>. Asking it for more permits
    /// at once than <see cref="TelephonyRateLimitPartition.PermitsPerMinute"/> throws <see cref="ArgumentOutOfRangeException"/>,
    /// as the BCL's limiters do.
    /// </summary>
    /// <param name="partition">The key the limiter is for.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>A new limiter; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="partition"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The partition's permits are not positive or its queue limit is negative.</exception>
    public static RateLimiter CreateSlidingWindow(TelephonyRateLimitPartition partition, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partition.PermitsPerMinute, nameof(partition));
        ArgumentOutOfRangeException.ThrowIfNegative(partition.QueueLimit, nameof(partition));
        return new ClockSlidingWindowRateLimiter(
            partition.PermitsPerMinute, Window, SegmentsPerWindow, partition.QueueLimit, timeProvider ?? TimeProvider.System);
    }
}
