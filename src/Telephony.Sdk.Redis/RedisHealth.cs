using Microsoft.Extensions.Logging;

namespace Telephony.Sdk.Redis;

/// <summary>
/// Whether Redis answers, for every key of one registration: the first failure of an outage logs one warning, the
/// first success after it one message, whatever the number of keys and requests in between.
/// </summary>
internal sealed class RedisHealth(TimeProvider timeProvider, ILogger logger)
{
    // When the outage began (a timestamp of the clock); 0 while Redis answers.
    private long _downSince;

    public event Action? Restored;

    public void ReportFailure(string reason)
    {
        if (Interlocked.CompareExchange(ref _downSince, Math.Max(1, timeProvider.GetTimestamp()), 0) == 0)
        {
            RedisRateLimitLog.Unreachable(logger, reason);
        }
    }

    public void ReportSuccess()
    {
        if (Volatile.Read(ref _downSince) != 0 && Interlocked.Exchange(ref _downSince, 0) is var since && since != 0)
        {
            RedisRateLimitLog.Restored(logger, Math.Round(timeProvider.GetElapsedTime(since).TotalSeconds, 1));
            Restored?.Invoke();
        }
    }
}
