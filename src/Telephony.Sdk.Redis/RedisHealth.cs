using Microsoft.Extensions.Logging;

namespace Telephony.Sdk.Redis;

/// <summary>
/// Whether Redis answers, for every key of one registration: the first failure of an outage logs one warning, the
/// first success after it one message, whatever the number of keys and requests in between.
/// </summary>
internal sealed class RedisHealth(TimeProvider timeProvider, ILogger logger)
{
    private int _down;
    private long _downSince;

    public event Action? Restored;

    public bool IsDown => Volatile.Read(ref _down) == 1;

    public void ReportFailure(string reason)
    {
        if (Interlocked.CompareExchange(ref _down, 1, 0) == 0)
        {
            Volatile.Write(ref _downSince, timeProvider.GetTimestamp());
            RedisRateLimitLog.Unreachable(logger, reason);
        }
    }

    public void ReportSuccess()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.CompareExchange(ref _down, 0, 1) == 1)
        {
            var outage = timeProvider.GetElapsedTime(Volatile.Read(ref _downSince));
            RedisRateLimitLog.Restored(logger, Math.Round(outage.TotalSeconds, 1));
            Restored?.Invoke();
        }
    }
}
