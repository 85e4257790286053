using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting;

/// <summary>
/// Stands in for a store shared by several processes (such as Redis): it records the backoffs this process reports,
/// can hold one reported by another process, and can be made unreachable so that every access throws.
/// </summary>
internal sealed class FakeBackoffStore : IDisposable
{
    private readonly ConcurrentQueue<DateTimeOffset> _reports = new();
    private readonly ConcurrentQueue<RateLimiter> _limiters = new();
    private int _reads;

    /// <summary>Gets or sets a backoff reported by another process.</summary>
    public DateTimeOffset? ReportedElsewhere { get; set; }

    /// <summary>Gets or sets a value indicating whether every access throws, as when the store is down.</summary>
    public bool Unreachable { get; set; }

    /// <summary>Gets every backoff reported here, including those made while unreachable.</summary>
    public IReadOnlyList<DateTimeOffset> Reports => [.. _reports];

    /// <summary>Gets how many times the shared backoff was read.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Gets the partitions limiters were created for.</summary>
    public ConcurrentQueue<TelephonyRateLimitPartition> Partitions { get; } = new();

    /// <summary>A <see cref="TelephonyRateLimitOptions.LimiterFactory"/>: the SDK's own limiter, sharing its backoff here.</summary>
    public RateLimiter CreateLimiter(TelephonyRateLimitPartition partition, TimeProvider clock)
    {
        Partitions.Enqueue(partition);
        var limiter = new SharedBackoffLimiter(TelephonyRateLimiters.CreateSlidingWindow(partition, clock), this);
        _limiters.Enqueue(limiter);
        return limiter;
    }

    public DateTimeOffset? Read()
    {
        Interlocked.Increment(ref _reads);
        ThrowIfUnreachable();
        var latest = ReportedElsewhere;
        foreach (var report in _reports)
        {
            if (latest is null || report > latest)
            {
                latest = report;
            }
        }

        return latest;
    }

    public void Write(DateTimeOffset until)
    {
        _reports.Enqueue(until);
        ThrowIfUnreachable();
    }

    // The SDK disposes nothing a limiter factory returns.
    public void Dispose()
    {
        while (_limiters.TryDequeue(out var limiter))
        {
            limiter.Dispose();
        }
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new InvalidOperationException("The backoff store is unreachable.");
        }
    }

    /// <summary>Delegates rate limiting to an inner limiter and shares the key's backoff through the store.</summary>
    private sealed class SharedBackoffLimiter(RateLimiter inner, FakeBackoffStore store) : DelegatingRateLimiter(inner), ITelephonySharedBackoff
    {
        public DateTimeOffset? BackoffUntil => store.Read();

        public void ReportBackoff(DateTimeOffset until) => store.Write(until);
    }
}
