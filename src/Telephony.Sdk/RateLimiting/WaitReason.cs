namespace Telephony.Sdk.RateLimiting;

/// <summary>Why a request for a key waits before it is sent.</summary>
internal enum WaitReason
{
    /// <summary>A 429 paused the key (its <c>Retry-After</c>, or a backoff when it had none).</summary>
    ServerBackoff,

    /// <summary>The server's rate-limit headers said nothing remains until the quota resets.</summary>
    ServerQuota,

    /// <summary>The pace learnt from 429s spaces requests.</summary>
    Pace,
}
