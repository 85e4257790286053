using Microsoft.Extensions.Logging;

namespace Telephony.Sdk.Redis;

/// <summary>Log messages of the Redis-backed rate limit. Event ids are stable; no API key or Redis password is logged.</summary>
internal static partial class RedisRateLimitLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Redis is unreachable ({Reason}): the Telephony API rate limit is enforced by each process on its own until Redis is back")]
    public static partial void Unreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "Redis is reachable again after {OutageSeconds} s: the Telephony API rate limit is shared by every instance again")]
    public static partial void Restored(ILogger logger, double outageSeconds);
}
