namespace Telephony.Sdk;

/// <summary>Describes the key a rate limiter is created for, without the key itself.</summary>
/// <param name="KeyId">A stable SHA-256 hash of the key, safe to use in a shared store's key names; never the key.</param>
/// <param name="IsPublishable">Whether the key is a publishable (<c>pk_</c>) key.</param>
/// <param name="PermitsPerMinute">The requests per minute the SDK would allow for this key.</param>
/// <param name="QueueLimit">How many requests may wait for a permit.</param>
public sealed record TelephonyRateLimitPartition(string KeyId, bool IsPublishable, int PermitsPerMinute, int QueueLimit);
