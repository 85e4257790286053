namespace Telephony.Sdk.Redis;

/// <summary>Settings of the Redis-backed, fleet-wide rate limit.</summary>
public sealed class TelephonyRedisRateLimitOptions
{
    /// <summary>
    /// Gets or sets the prefix of every Redis key and channel the SDK uses. Instances that should share a key's limit
    /// need the same prefix; use another one per environment that shares a Redis server.
    /// </summary>
    /// <value>The default value is <c>telephony</c>. Letters, digits, <c>.</c>, <c>-</c>, <c>_</c> and <c>:</c> only, at most 64.</value>
    public string KeyPrefix { get; set; } = "telephony";

    /// <summary>
    /// Gets or sets how often a request that waits for a permit asks Redis again while the key's window is full.
    /// One request per process asks; the others wait behind it in order. While the server states the key's limit, the
    /// window says when its next permit is free, and the request asks again then.
    /// </summary>
    /// <value>The default value is 100 milliseconds. Allowed: 10 milliseconds to 10 seconds.</value>
    public TimeSpan PermitPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Gets or sets how long a request waits for Redis to answer before it takes a permit from the in-process limiter
    /// instead. A slow or unreachable Redis never stops requests.
    /// </summary>
    /// <value>The default value is 1 second. Allowed: 10 milliseconds to 30 seconds.</value>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Length > 64 || !KeyPrefix.All(IsAllowedInPrefix))
        {
            throw new ArgumentException(
                "TelephonyRedisRateLimitOptions.KeyPrefix must be 1 to 64 characters: letters, digits, '.', '-', '_' or ':'.",
                nameof(KeyPrefix));
        }

        if (PermitPollInterval < TimeSpan.FromMilliseconds(10) || PermitPollInterval > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(
                nameof(PermitPollInterval), PermitPollInterval, "TelephonyRedisRateLimitOptions.PermitPollInterval must be between 10 milliseconds and 10 seconds.");
        }

        if (RedisTimeout < TimeSpan.FromMilliseconds(10) || RedisTimeout > TimeSpan.FromSeconds(30))
        {
            throw new ArgumentOutOfRangeException(
                nameof(RedisTimeout), RedisTimeout, "TelephonyRedisRateLimitOptions.RedisTimeout must be between 10 milliseconds and 30 seconds.");
        }
    }

    private static bool IsAllowedInPrefix(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':';
}
