namespace Telephony.Sdk;

/// <summary>What the SDK knows about an API key's rate limit at one moment. It never holds the key.</summary>
public sealed record TelephonyRateLimitState
{
    /// <summary>Gets the number of requests allowed per <see cref="LimitWindow"/>.</summary>
    public required int Limit { get; init; }

    /// <summary>
    /// Gets the window <see cref="Limit"/> counts in: one minute for the documented, configured and <c>X-RateLimit-Limit</c>
    /// limits; <see langword="null"/> when the server stated a limit in a field that has a window but gave none.
    /// </summary>
    public TimeSpan? LimitWindow { get; init; }

    /// <summary>Gets where <see cref="Limit"/> (or the pace) comes from.</summary>
    public required TelephonyRateLimitSource Source { get; init; }

    /// <summary>
    /// Gets the pace, in requests per second, the SDK sends the key's requests at after 429s; <see langword="null"/> when
    /// requests are not paced (only <see cref="Limit"/> applies).
    /// </summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>
    /// Gets how many more requests the server said it would accept before <see cref="ResetsAt"/>, when it said so; else how
    /// many the SDK's own window would send now (<see langword="null"/> with a <see cref="TelephonyRateLimitOptions.LimiterFactory"/>).
    /// </summary>
    public int? Remaining { get; init; }

    /// <summary>Gets when the server said the key's quota is fully available again, when it said so.</summary>
    public DateTimeOffset? ResetsAt { get; init; }

    /// <summary>Gets until when every request for the key is held after a 429; <see langword="null"/> when none is.</summary>
    public DateTimeOffset? PausedUntil { get; init; }
}
