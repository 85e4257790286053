using System.ComponentModel.DataAnnotations;
using Telephony.Sdk.Configuration;

namespace Telephony.Sdk;

/// <summary>
/// Timeouts and retries. The pipeline is, from the outside in: total timeout → retry → client-side rate limiter →
/// per-attempt timeout. Time spent waiting for a rate-limit permit counts towards the total, not the attempt.
/// </summary>
public sealed class TelephonyResilienceOptions
{
    /// <summary>Gets or sets how many times a failed request is retried (0 turns retries off).</summary>
    /// <value>The default value is 3. Allowed: 0 to 10.</value>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first backoff delay; later ones grow exponentially, with jitter.</summary>
    /// <value>The default value is 1 second. Allowed: 0 to 1 minute.</value>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the longest the SDK waits before a retry. A <c>Retry-After</c> longer than this is not slept:
    /// the call fails at once with <see cref="TelephonyRateLimitException"/> and its <c>RetryAfter</c>.
    /// </summary>
    /// <value>The default value is 60 seconds. Allowed: 0 to 1 hour.</value>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long one attempt may take before it is abandoned (and retried if that is safe).</summary>
    /// <value>The default value is 30 seconds. Allowed: 10 milliseconds to 1 hour.</value>
    [TimeSpanRange("00:00:00.010", "01:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a whole call may take: every attempt, every backoff, every wait for a rate-limit permit, and
    /// reading the response's body.
    /// </summary>
    /// <value>The default value is 2 minutes, room for one full rate-limit window. Allowed: 10 milliseconds to 1 day, and at least <see cref="AttemptTimeout"/>.</value>
    [TimeSpanRange("00:00:00.010", "1.00:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    internal TelephonyResilienceOptions Clone() => (TelephonyResilienceOptions)MemberwiseClone();
}
